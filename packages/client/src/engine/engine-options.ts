// Engine options of the client: their types and defaults (shared by the socket and the transports).
import { systemClock, type Clock } from '@rtio/protocol';
import { defaultBinaryType } from '#websocket-constructor';

export type TransportName = 'polling' | 'websocket';

export interface EngineSocketOptions {
  /** Endpoint path with trailing slash: '/rt/'. */
  path: string;
  /** Extra query parameters. */
  query: Record<string, string>;
  /** Try order. */
  transports: TransportName[];
  /** Probe websocket after a polling handshake. */
  upgrade: boolean;
  // The four options below are off when unset (no default needed).
  /** Start directly on websocket when an upgrade succeeded before in this process/page. */
  rememberUpgrade?: boolean;
  /** When a transport fails at handshake, try the next one before reporting the error. */
  tryAllTransports?: boolean;
  /** Node only: headers for fetch and ws. */
  extraHeaders?: Record<string, string>;
  /** fetch credentials: 'include' when true, else 'same-origin'. */
  withCredentials?: boolean;
  /** Add t=<random> to polling requests (cache buster). */
  timestampRequests: boolean;
  /** How received binary is handed over: ArrayBuffer or Node Buffer. */
  binaryType: 'arraybuffer' | 'nodebuffer';
  clock: Clock;
  /** Handshake timeout per transport attempt, in ms. */
  timeout: number;
}

/** The defaults (binaryType: 'nodebuffer' in Node, 'arraybuffer' in browsers). */
export const defaultEngineOptions = (): EngineSocketOptions => ({
  path: '/rt/',
  query: {},
  transports: ['polling', 'websocket'],
  upgrade: true,
  timestampRequests: true,
  binaryType: defaultBinaryType,
  clock: systemClock,
  timeout: 20000,
});
