// The abstract client transport: what EngineSocket and the upgrade probe need of polling and websocket.
import type { EngineCloseReason } from './engine-error.js';
import type { EnginePacket } from '@rtio/protocol';
import type { EngineSocketOptions, TransportName } from './engine-options.js';

/** What a transport reports. Exactly one `onClose` at most; none after `close()`. */
export interface TransportHooks {
  onPacket(packet: EnginePacket): void;
  /** The transport failed or was closed by the peer; `error` is an EngineError for connection failures. */
  onClose(reason: Exclude<EngineCloseReason, 'ping timeout' | 'forced close'>, error?: unknown): void;
  /** The last send() is done: writable again (the probe needs no such call). */
  onDrain?(): void;
  /** The underlying connection is open (websocket only; only the probe needs it). */
  onOpen?(): void;
}

export interface Transport {
  readonly name: TransportName;
  /** Set by the socket after the handshake (polling requests and the probe carry it). */
  sid: string | undefined;
  /** This transport's query (the `query` option, EIO, transport, sid once known); a change applies to its next request. */
  query: Record<string, string>;
  hooks: TransportHooks;
  readonly writable: boolean;
  open(): void;
  send(packets: EnginePacket[]): void;
  /** Polling: stop polling, call `done` once no GET or POST is in flight; `pause()` resumes. */
  pause(done?: () => void): void;
  /** Releases everything. With `final`, those packets are still delivered (after a POST in flight). */
  close(final?: EnginePacket[]): void;
}

/** The part of the WebSocket API used here, met by browsers' WebSocket and by `ws`. */
export interface WebSocketLike {
  binaryType: string;
  send(data: unknown, options?: { compress: boolean }): void;
  close(code?: number): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: { error?: unknown; message?: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type WebSocketConstructor = new (url: string, protocols?: string[], options?: { headers?: Record<string, string> }) => WebSocketLike;

/** A new transport's query: the `query` option, `EIO=4` and its name. */
export const transportQuery = (options: EngineSocketOptions, name: TransportName): Record<string, string> => ({ ...options.query, EIO: '4', transport: name });

/** `<base><path>?<transport.query>[&t=…]`, ws(s): for websocket. */
export function engineUrl(base: string, options: EngineSocketOptions, t: Transport): string {
  const query = new URLSearchParams(t.query);
  if (t.name === 'polling' && options.timestampRequests) query.set(options.timestampParam, Math.random().toString(36).slice(2, 9));
  const root = base.replace(/\/+$/, '');
  return `${t.name === 'websocket' ? root.replace(/^http/, 'ws') : root}${options.path}?${query}`;
}
