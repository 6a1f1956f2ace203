// WebSocket transport: one Engine.IO packet per frame, binary frames are messages (browser WebSocket or `ws`).
import { decodeEnginePacket, encodeEnginePacket, type EnginePacket } from '@rtio/protocol';
import { getWebSocket } from '#websocket-constructor';
import { EngineError, networkError } from '../engine-error.js';
import type { EngineSocketOptions } from '../engine-options.js';
import { engineUrl, type Transport, type TransportHooks, type WebSocketLike } from '../transport.js';

/** An upgrade refused with an HTTP status (`ws` says "Unexpected server response: 400"), else a network error. */
function openError(error: unknown, url: string): EngineError {
  const status = /response: (\d+)/.exec(String((error as Error | undefined)?.message))?.[1];
  return status
    ? new EngineError(`HTTP ${status} on the websocket handshake`, 'http', 'websocket', error, +status)
    : networkError(error ?? 'closed before opening', url, 'websocket');
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

  function fail(reason: 'transport error' | 'transport close' | 'parse error', error: unknown): void {
    if (closed) return;
    t.close();
    t.hooks.onClose(reason, error);
  }

  function write(packet: EnginePacket): void {
    pending++;
    encodeEnginePacket(packet, true, (data) => {
      if (!closed) ws?.send(data);
      if (--pending === 0) queueMicrotask(() => closed || t.hooks.onDrain?.());
    });
  }

  const t: Transport = {
    name: 'websocket',
    sid: undefined,
    hooks,
    get writable() {
      return opened && !pending && !closed;
    },
    open() {
      const url = engineUrl(base, options, 'websocket', t.sid);
      const WebSocket = getWebSocket();
      let socket: WebSocketLike;
      try {
        if (!WebSocket) throw new Error('no WebSocket in this runtime');
        ws = socket = new WebSocket(url, undefined, options.extraHeaders && { headers: options.extraHeaders });
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
        else fail(lastError !== undefined || event.code === 1006 ? 'transport error' : 'transport close', lastError);
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
      if (final && opened) for (const packet of final) write(packet);
      closed = true;
      ws?.close();
    },
  };
  return t;
}
