// Node: WebSocket through `ws`, given the engine's headers, agent, TLS and perMessageDeflate options.
// Picked by the `#websocket-constructor` imports map.
import type { Socket } from 'node:net';
import WebSocket, { type ClientOptions } from 'ws';
import { connectionOptions } from './connection-options.node.js';
import type { EngineSocketOptions } from './engine-options.js';
import type { EngineWebSocketConstructor } from './platform.js';

/** `ws` with the engine options mapped onto its own; with autoUnref, its TCP socket stops keeping Node running once open. */
class EngineWebSocket extends WebSocket {
  constructor(url: string, protocols: string | string[] | undefined, options: EngineSocketOptions) {
    const { extraHeaders, perMessageDeflate, autoUnref } = options;
    const wsOptions = { ...connectionOptions(options), headers: extraHeaders } as ClientOptions;
    // Only when set: an undefined value would override ws's default (offered) with off.
    if (perMessageDeflate !== undefined) wsOptions.perMessageDeflate = perMessageDeflate;
    super(url, protocols, wsOptions);
    if (autoUnref) this.once('open', () => (this as unknown as { _socket: Socket })._socket.unref());
  }
}

export const getWebSocket = (): EngineWebSocketConstructor | undefined => EngineWebSocket as unknown as EngineWebSocketConstructor;
export const defaultBinaryType = 'nodebuffer' as 'arraybuffer' | 'nodebuffer';
