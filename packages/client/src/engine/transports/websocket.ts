// WebSocket transport: one Engine.IO packet per frame, binary frames are messages (browser WebSocket or `ws`).
import { VERBOSE, decodeEnginePacket, encodeEnginePacket, type EnginePacket } from '@rtio/protocol';
import { getWebSocket } from '#websocket-constructor';
import { EngineError, networkError } from '../engine-error.js';
import type { EngineSocketOptions } from '../engine-options.js';
import { engineUrl, transportQuery, type Transport, type TransportHooks, type WebSocketLike } from '../transport.js';

/** An upgrade refused with an HTTP status (`ws` says "Unexpected server response: 400"), else a network error. */
function openError(error: unknown, url: string): EngineError {
  const status = /response: (\d+)/.exec(String((error as Error | undefined)?.message))?.[1];
  return status
    ? new EngineError(`HTTP ${status}${VERBOSE ? ' on the websocket handshake' : ''}`, 'http', 'websocket', error, +status)
    : networkError(error ?? (VERBOSE ? 'closed before opening' : 'closed'), url, 'websocket');
}

/**
 * The websocket transport; with `sid` set before open() it is an upgrade probe.
 * @example
 * const t = createWebSocket('http://localhost:3000', options, hooks); t.open();
 */
export function createWebSocket(base: string, options: EngineSocketOptions, hooks: TransportHooks): Transport {
  let ws: WebSocketLike | undefined;
  let pending = 0;
  let opened = false;
  let closed = false;
  let lastError: unknown;

  function fail(reason: 'transport error' | 'transport close' | 'parse error', error?: unknown): void {
    if (closed) return;
    t.close();
    t.hooks.onClose(reason, error);
  }

  function write(packet: EnginePacket): void {
    pending++;
    encodeEnginePacket(packet, !options.forceBase64, (data) => {
      if (!closed) ws?.send(data, packet.options); // browsers ignore the options
      if (--pending === 0) queueMicrotask(() => closed || t.hooks.onDrain?.());
    });
  }

  const t: Transport = {
    name: 'websocket',
    sid: undefined,
    query: transportQuery(options, 'websocket'),
    hooks,
    get writable() {
      return opened && !pending && !closed;
    },
    open() {
      const url = engineUrl(base, options, t);
      const WebSocket = getWebSocket();
      let socket: WebSocketLike;
      try {
        if (!WebSocket) throw new Error(VERBOSE ? 'no WebSocket in this runtime' : 'no WebSocket');
        ws = socket = new WebSocket(url, options.protocols, options);
      } catch (error) {
        queueMicrotask(() => fail('transport error', networkError(error, url, 'websocket')));
        return;
      }
      socket.binaryType = options.binaryType;
      socket.onopen = () => {
        if (closed) return;
        opened = true;
        t.hooks.onOpen?.();
      };
      socket.onerror = (event) => {
        lastError = event.error ?? event.message ?? 'websocket error';
      };
      socket.onclose = (event) => {
        if (!opened) fail('transport error', openError(lastError, url));
        // An abnormal close is a transport error, described by an EngineError as polling's are.
        else if (lastError !== undefined || event.code === 1006) fail('transport error', networkError(lastError ?? `code ${event.code}`, url, 'websocket'));
        else fail('transport close');
      };
      socket.onmessage = (event) => {
        if (closed) return;
        let packet: EnginePacket;
        try {
          packet = decodeEnginePacket(event.data as string, options.binaryType);
        } catch (error) {
          return fail('parse error', error);
        }
        t.hooks.onPacket(packet);
      };
    },
    send(packets) {
      for (const packet of packets) write(packet);
    },
    pause(done) {
      done?.();
    },
    close(final) {
      if (closed) return;
      if (final && opened) t.send(final);
      closed = true;
      ws?.close();
    },
  };
  return t;
}
