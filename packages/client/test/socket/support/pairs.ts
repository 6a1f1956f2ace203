// A connected rtio client with its server-side socket, for tests of traffic between the two.
import { FrameQueue, type Disposer } from '../../../../server/test/helpers/index.js';
import type { Socket as ServerSocket } from '../../../../server/src/index.js';
import type { EventsMap } from '@rtio/protocol';
import type { IoOptions, Socket } from '../../../src/index.js';
import { connect, type Mode } from './clients.js';
import { startRtio, type Running, type Server } from './servers.js';

export interface RtioPair {
  server: Running<Server>;
  client: Socket<EventsMap, EventsMap>;
  /** The server side of `client`. */
  socket: ServerSocket;
  /** Every server socket of the namespace as it connects (reconnections included). */
  sockets: FrameQueue<ServerSocket>;
}

/** A fresh rtio server, `setup` run on it before the client connects, and one connected client. */
export async function rtioPair(
  disposer: Disposer,
  mode: Mode,
  opts: IoOptions = {},
  setup: (server: Running<Server>) => void = () => {},
): Promise<RtioPair> {
  const server = await startRtio(disposer);
  const sockets = new FrameQueue<ServerSocket>('server socket');
  server.io.on('connection', (s) => sockets.push(s));
  setup(server);
  const client = await connect(disposer, server.url, mode, opts);
  const socket = await sockets.next();
  if (socket.id !== client.id) throw new Error(`server socket ${socket.id} is not the client's ${String(client.id)}`);
  return { server, client, socket, sockets };
}

/** Resolves with the arguments of the next `event` on a server socket (guarded). */
export function serverNext(socket: ServerSocket, event: string, timeoutMs = 2000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for "${event}" on the server`)), timeoutMs);
    socket.once(event, (...args: unknown[]) => {
      clearTimeout(guard);
      resolve(args);
    });
  });
}
