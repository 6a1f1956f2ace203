// What each per-platform module provides (a .node.ts and a .browser.ts file each, picked by the
// package's "imports" map): the polling request, the WebSocket class, and timer unref'ing.
import type { TimerHandle } from '@rtio/protocol';
import type { EngineSocketOptions } from './engine-options.js';
import type { WebSocketLike } from './transport.js';

/** One polling request. */
export interface HttpRequestInit {
  method: 'GET' | 'POST';
  body?: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/** The part of fetch's Response that polling reads. */
export interface HttpResponse {
  status: number;
  text(): Promise<string>;
}

/** `#http-request`: sends one request; rejects when no answer came (network, TLS, abort, requestTimeout). */
export type HttpRequest = (url: string, init: HttpRequestInit, options: EngineSocketOptions) => Promise<HttpResponse>;

/** `#websocket-constructor`: Node's reads extraHeaders, agent, TLS, perMessageDeflate and autoUnref from `options`; browsers' ignore it. */
export type EngineWebSocketConstructor = new (url: string, protocols: string | string[] | undefined, options: EngineSocketOptions) => WebSocketLike;

/** `#auto-unref`: with `options.autoUnref` (Node), `timer` stops keeping the process running. */
export type UnrefTimer = (timer: TimerHandle, options: { autoUnref?: boolean }) => void;
