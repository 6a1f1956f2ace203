// The server under test and official clients for it: an rtio Server on an ephemeral port, and
// socket.io-client sockets in each of the three transport setups the suite runs over.
import http, { type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as createClient, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from 'socket.io-client';
import { Server, type ServerOptions, type Socket } from '../../../src/index.js';
import { within } from './events.js';

export { Server };
export type { ClientSocket };

/** websocket-only, polling-only, and polling that upgrades to WebSocket (the client default). */
export const MODES = ['websocket', 'polling', 'upgrade'] as const;
export type Mode = (typeof MODES)[number];

export interface ServerUnderTest {
  io: Server;
  /** `http://127.0.0.1:<port>`, without the namespace. */
  url: string;
  port: number;
  httpServer: http.Server;
  /** Closes the rtio server and the http server; safe to call more than once. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Handles plain HTTP requests (an Express app, a test route). */
  requestListener?: RequestListener;
}

/** Starts an http server on 127.0.0.1, port 0, with an rtio Server attached. */
export async function startServer(opts: Partial<ServerOptions> = {}, start: StartOptions = {}): Promise<ServerUnderTest> {
  const httpServer = http.createServer(start.requestListener);
  const io = new Server(httpServer, { path: '/rt/', ...opts });
  const httpClosed = new Promise<void>((resolve) => httpServer.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await io.close();
      if (httpServer.listening) httpServer.close();
      httpServer.closeAllConnections();
      await within(httpClosed, 2000, 'the http server to close');
    })());
  return { io, url: `http://127.0.0.1:${port}`, port, httpServer, close };
}

export type ConnectOptions = Partial<ManagerOptions & SocketOptions> & { mode?: Mode };

/** The client options of one transport setup. */
export function transportOptions(mode: Mode): Partial<ManagerOptions> {
  if (mode === 'websocket') return { transports: ['websocket'] };
  if (mode === 'polling') return { transports: ['polling'] };
  return { transports: ['polling', 'websocket'], upgrade: true };
}

/** A socket.io-client socket that is not connected yet (path /rt/, forceNew, no reconnection). */
export function createSocket(url: string, nsp = '/', opts: ConnectOptions = {}): ClientSocket {
  const { mode = 'websocket', ...rest } = opts;
  return createClient(url + (nsp === '/' ? '' : nsp), {
    path: '/rt/',
    forceNew: true,
    reconnection: false,
    ...transportOptions(mode),
    ...rest,
  });
}

/**
 * Connects an official client and resolves on 'connect'; rejects with the connect_error (after
 * closing the client) or when nothing happened within `timeoutMs`.
 */
export function connect(url: string, nsp = '/', opts: ConnectOptions = {}, timeoutMs = 2000): Promise<ClientSocket> {
  return waitConnected(createSocket(url, nsp, opts), timeoutMs);
}

/** Resolves when `client` connects; on connect_error or the guard, closes it and rejects. */
export function waitConnected(client: ClientSocket, timeoutMs = 2000): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      cleanup();
      client.close();
      reject(error);
    };
    const onConnect = (): void => {
      cleanup();
      resolve(client);
    };
    const onError = (error: Error): void => fail(error);
    const guard = setTimeout(() => fail(new Error(`client did not connect within ${timeoutMs} ms`)), timeoutMs);
    function cleanup(): void {
      clearTimeout(guard);
      client.off('connect', onConnect);
      client.off('connect_error', onError);
    }
    client.once('connect', onConnect);
    client.once('connect_error', onError);
  });
}

/** A connected client and its server-side socket (found by id in the namespace). */
export interface Pair {
  client: ClientSocket;
  socket: Socket;
}

export async function connectPair(server: ServerUnderTest, mode: Mode, nsp = '/', opts: ConnectOptions = {}): Promise<Pair> {
  const client = await connect(server.url, nsp, { mode, ...opts });
  const socket = server.io.of(nsp).sockets.get(client.id as string);
  if (!socket) {
    client.close();
    throw new Error(`no server socket with id ${String(client.id)} in namespace ${nsp}`);
  }
  return { client, socket: socket as Socket };
}
