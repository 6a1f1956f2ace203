// socket.handshake: what the server knows of the request that opened a connection.
import { queryOfUrl, type SessionRequest } from './engine/index.js';
import type { Handshake } from './types.js';

export function createHandshake(request: SessionRequest, auth: Record<string, unknown>): Handshake {
  const { url } = request;
  const query: Record<string, string | string[] | undefined> = {};
  for (const [key, value] of queryOfUrl(url)) {
    if (key === '__proto__') continue; // would replace the object's prototype, never data
    const existing = Object.hasOwn(query, key) ? query[key] : undefined;
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  const issued = Date.now();
  return {
    headers: request.headers,
    time: new Date(issued).toString(),
    address: request.remoteAddress,
    xdomain: request.headers.origin !== undefined,
    secure: request.secure,
    issued,
    url,
    query,
    auth,
  };
}
