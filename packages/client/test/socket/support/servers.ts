// The servers the client suite talks to: rtio and Socket.IO 4.8.3 on 127.0.0.1 (port 0, or a given
// port to restart on), a closed port, and a plain HTTP server; each is closed by the test's Disposer.
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SioServer, type ServerOptions as SioOptions } from 'socket.io';
import { Server, type ServerOptions } from '../../../../server/src/index.js';
import type { Disposer } from '../../../../server/test/helpers/index.js';
import { within } from '../../../../server/test/socket/support/events.js';

export { Server, SioServer };

export interface Running<S> {
  io: S;
  httpServer: http.Server;
  /** `http://127.0.0.1:<port>`, no namespace. */
  url: string;
  port: number;
  /** Stops the server and every connection; safe to call twice (the disposer calls it again). */
  close(): Promise<void>;
}

async function listen(httpServer: http.Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  return (httpServer.address() as AddressInfo).port;
}

/**
 * Stops the io server, then the http server. Connections are not cut at once: a polling GET the io
 * server just answered with a close packet must reach the client (cutting it would turn a clean
 * 'transport close' into a 'transport error'). Only a connection still open after the guard is cut.
 */
function closer(httpServer: http.Server, stop: () => Promise<unknown>): () => Promise<void> {
  const closed = new Promise<void>((resolve) => httpServer.once('close', () => resolve()));
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= (async () => {
      await stop();
      if (httpServer.listening) httpServer.close();
      try {
        await within(closed, 1000, 'the http server to close');
      } catch {
        httpServer.closeAllConnections();
        await within(closed, 1000, 'the http server to close after cutting its connections');
      }
    })());
}

/** An rtio Server (path /rt/) on a fresh node:http server. */
export async function startRtio(disposer: Disposer, options: Partial<ServerOptions> = {}, port = 0): Promise<Running<Server>> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { path: '/rt/', ...options });
  const actual = await listen(httpServer, port);
  const close = closer(httpServer, () => io.close());
  disposer.add(close);
  return { io, httpServer, url: `http://127.0.0.1:${actual}`, port: actual, close };
}

/** The official Socket.IO 4.8.3 server (path /rt/) on a fresh node:http server. */
export async function startSio(disposer: Disposer, options: Partial<SioOptions> = {}, port = 0): Promise<Running<SioServer>> {
  const httpServer = http.createServer();
  const io = new SioServer(httpServer, { path: '/rt/', ...options });
  const actual = await listen(httpServer, port);
  // Socket.IO's close() closes the engine (after an await) and then the http server itself.
  const close = closer(httpServer, () => io.close());
  disposer.add(close);
  return { io, httpServer, url: `http://127.0.0.1:${actual}`, port: actual, close };
}

/** A port nothing listens on (taken from the OS, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  const port = await listen(server, 0);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A plain HTTP server answering every request with `handler`. */
export async function startHttp(disposer: Disposer, handler: RequestListener): Promise<{ url: string; requests: () => number }> {
  let count = 0;
  const httpServer = http.createServer((req, res) => {
    count++;
    handler(req, res);
  });
  const port = await listen(httpServer, 0);
  disposer.add(closer(httpServer, async () => {}));
  return { url: `http://127.0.0.1:${port}`, requests: () => count };
}
