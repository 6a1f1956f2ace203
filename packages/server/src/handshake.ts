// socket.handshake: what the server knows of the request that opened a connection.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { queryOfUrl } from './engine/index.js';
import type { Handshake } from './types.js';

/**
 * Builds the handshake from the session's request. A session may have none (a
 * transport without HTTP, as WebTransport in Socket.IO, or an app that deleted it): then, as in
 * Socket.IO, headers and query are empty and the connection counts as secure.
 */
export function createHandshake(request: IncomingMessage | undefined, address: string, auth: Record<string, unknown>): Handshake {
  const url = request?.url ?? '';
  const query: Record<string, string | string[] | undefined> = {};
  for (const [key, value] of queryOfUrl(url)) {
    if (key === '__proto__') continue; // would replace the object's prototype, never data
    const existing = Object.hasOwn(query, key) ? query[key] : undefined;
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  const issued = Date.now();
  const headers = request?.headers ?? {};
  return {
    headers,
    time: new Date(issued).toString(),
    address: request === undefined ? '' : address,
    xdomain: headers.origin !== undefined,
    secure: request === undefined || Boolean((request.socket as TLSSocket | undefined)?.encrypted),
    issued,
    url,
    query,
    auth,
  };
}
