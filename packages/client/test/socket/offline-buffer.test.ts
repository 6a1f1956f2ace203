// The offline buffer: emits made before connect or while disconnected are sent in order once connected;
// volatile emits made then are dropped.
import { expect } from 'chai';
import { FrameQueue, Disposer } from '../../../server/test/helpers/index.js';
import type { Socket as ServerSocket } from '../../../server/src/index.js';
import { MODES, client, deferred, next, within } from './support/clients.js';
import { rtioPair } from './support/pairs.js';
import { startRtio } from './support/servers.js';

/** Records every event the server's sockets receive, as "socketId:event:args". */
function record(sockets: FrameQueue<ServerSocket>, log: FrameQueue<unknown[]>): (s: ServerSocket) => void {
  return (s) => {
    sockets.push(s);
    s.onAny((event: string, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack(`ack ${event}`);
      log.push([event, ...args.filter((a) => typeof a !== 'function')]);
    });
  };
}

describe('client socket: offline buffer', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it('an emit whose ack timed out while offline is not sent once connected', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        const log = new FrameQueue<unknown[]>('event');
        server.io.on('connection', record(sockets, log));
        const socket = client(disposer, server.url, mode, { autoConnect: false });
        const timedOut = deferred<unknown[]>();
        socket.timeout(20).emit('stale', (...args: unknown[]) => timedOut.resolve(args));
        const [error] = await within(timedOut.promise, 2000, 'the ack timeout');
        expect(error).to.be.instanceOf(Error);
        socket.emit('fresh');
        socket.connect();
        // Buffered emits go out in order: had 'stale' been sent, it would come before 'fresh'.
        expect(await log.next()).to.deep.equal(['fresh']);
      });

      it('emits made before the first connect arrive in order after it; volatile ones are dropped', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        const log = new FrameQueue<unknown[]>('event');
        server.io.on('connection', record(sockets, log));
        const socket = client(disposer, server.url, mode);
        const acked = deferred<unknown[]>();
        socket.emit('a', 1);
        socket.volatile.emit('dropped');
        socket.emit('b', { two: 2 }, (...args: unknown[]) => acked.resolve(args));
        socket.emit('c');
        expect(socket.connected).to.equal(false);
        await next(socket, 'connect');
        expect(await log.next()).to.deep.equal(['a', 1]);
        expect(await log.next()).to.deep.equal(['b', { two: 2 }]);
        expect(await log.next()).to.deep.equal(['c']);
        expect(await within(acked.promise, 2000, 'the ack of a buffered emit')).to.deep.equal(['ack b']);
      });

      it('emits made while disconnected (transport close) arrive in order on the new connection; volatile ones are dropped', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        const log = new FrameQueue<unknown[]>('event');
        server.io.on('connection', record(sockets, log));
        const socket = client(disposer, server.url, mode);
        await next(socket, 'connect');
        const first = await sockets.next();
        const disconnected = deferred<string>();
        socket.once('disconnect', (reason) => {
          expect(socket.connected).to.equal(false);
          socket.emit('x', 1);
          socket.volatile.emit('volatile-dropped');
          socket.emit('y', 2);
          disconnected.resolve(reason);
        });
        const reconnected = next(socket, 'connect');
        first.conn.close();
        expect(await within(disconnected.promise, 2000, 'disconnect')).to.equal('transport close');
        await reconnected;
        const second = await sockets.next();
        expect(second.id).to.not.equal(first.id);
        socket.emit('z', 3);
        expect(await log.next()).to.deep.equal(['x', 1]);
        expect(await log.next()).to.deep.equal(['y', 2]);
        expect(await log.next()).to.deep.equal(['z', 3]);
      });

      it('emits made after disconnect() are sent once connect() is called again', async () => {
        const { client: socket, sockets, server } = await rtioPair(disposer, mode);
        const log = new FrameQueue<unknown[]>('event');
        server.io.on('connection', (s) => s.onAny((...args: unknown[]) => log.push(args)));
        socket.disconnect();
        socket.emit('later', 1);
        socket.volatile.emit('volatile-dropped');
        socket.emit('later', 2);
        socket.connect();
        await next(socket, 'connect');
        await sockets.next();
        socket.emit('now');
        expect(await log.next()).to.deep.equal(['later', 1]);
        expect(await log.next()).to.deep.equal(['later', 2]);
        expect(await log.next()).to.deep.equal(['now']);
      });
    });
  }

  it('a volatile emit while connected is delivered', async () => {
    const { client: socket, socket: serverSocket } = await rtioPair(disposer, 'websocket');
    const heard = new Promise<unknown[]>((resolve) => serverSocket.once('v', (...args: unknown[]) => resolve(args)));
    socket.volatile.emit('v', 1);
    expect(await within(heard, 2000, 'the volatile event')).to.deep.equal([1]);
  });
});
