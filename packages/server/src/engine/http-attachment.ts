// Hooks an engine into a node:http server: requests and upgrades on the engine path, nothing else.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface AttachedHandlers {
  request: (req: IncomingMessage, res: ServerResponse) => void;
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Upgrades on other paths: rtio still owns their error path (see foreign-upgrades.ts). */
  foreignUpgrade: (socket: Duplex) => void;
  /** Sees path requests first; returns true when it answered. */
  preHandler?: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Whether the request URL's path is under `path` ('/rt/' matches '/rt/' and '/rt/client.js'), or is
 * `path` without its trailing slash ('/rt', what clients with `addTrailingSlash: false` request).
 */
export function isUnderPath(url: string | undefined, path: string): boolean {
  if (url === undefined) return false;
  const end = url.search(/[?#]/);
  const pathname = end === -1 ? url : url.slice(0, end);
  return pathname.startsWith(path) || pathname === path.slice(0, -1);
}

/**
 * Takes over `server`'s request listeners: requests under `path` go to the engine, the others
 * to the listeners that were there before. Upgrades under `path` go to the engine; the others are
 * the server's other 'upgrade' listeners' to answer, and `foreignUpgrade`'s to close if none does. Returns the function that undoes it
 * (keeping the request listener when the server had none, see there).
 */
export function attachToHttpServer(server: Server, path: string, handlers: AttachedHandlers): () => void {
  const previous = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (isUnderPath(req.url, path)) {
      if (handlers.preHandler?.(req, res) === true) return;
      handlers.request(req, res);
      return;
    }
    if (previous.length === 0 && server.listenerCount('request') === 1) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found');
      return;
    }
    for (const listener of previous) listener.call(server, req, res);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (isUnderPath(req.url, path)) handlers.upgrade(req, socket, head);
    else handlers.foreignUpgrade(socket);
  }

  server.on('request', onRequest);
  // First, so that the listeners after it are all still there to count (a once() one removes itself).
  server.prependListener('upgrade', onUpgrade);
  return function detach(): void {
    server.off('upgrade', onUpgrade);
    // With no handler of its own, the server keeps this one: a request racing the close is then
    // answered (the closed engine says 400) instead of hanging on a server that answers nothing.
    if (previous.length === 0) return;
    server.off('request', onRequest);
    for (const listener of previous) server.on('request', listener);
  };
}
