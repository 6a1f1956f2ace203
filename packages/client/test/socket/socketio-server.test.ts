// The rtio client against the official Socket.IO 4.8.3 server (path /rt/): connect, events and acks
// both ways, binaries both ways, namespaces with auth middleware, reconnection after a restart.
import { expect } from 'chai';
import type { Socket as SioSocket } from 'socket.io';
import { Disposer, FrameQueue } from '../../../server/test/helpers/index.js';
import type { ConnectError } from '../../src/index.js';
import { MODES, client, connect, deferred, managerOf, next, within, type Mode } from './support/clients.js';
import { bytes, checkSamples, samples } from './support/binary.js';
import { startSio, type Running, type SioServer } from './support/servers.js';

/** Resolves with the args of the next `event` on a Socket.IO server socket (guarded). */
function sioNext(socket: SioSocket, event: string, timeoutMs = 2000): Promise<unknown[]> {
  return within(new Promise<unknown[]>((resolve) => socket.once(event, (...args: unknown[]) => resolve(args))), timeoutMs, `"${event}" on the Socket.IO server`);
}

describe('client socket: against the Socket.IO 4.8.3 server', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  async function pair(mode: Mode, server?: Running<SioServer>) {
    const sio = server ?? (await startSio(disposer));
    const sockets = new FrameQueue<SioSocket>('server socket');
    sio.io.on('connection', (s) => sockets.push(s));
    const socket = await connect(disposer, sio.url, mode);
    const serverSocket = await sockets.next();
    return { sio, socket, serverSocket, sockets };
  }

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it('connects: socket.id is the server socket id', async () => {
        const { socket, serverSocket } = await pair(mode);
        expect(socket.id).to.be.a('string').and.equal(serverSocket.id);
        expect(socket.connected).to.equal(true);
        if (mode === 'websocket') expect(serverSocket.conn.transport.name).to.equal('websocket');
        if (mode === 'polling') expect(serverSocket.conn.transport.name).to.equal('polling');
      });

      it('socket.io.engine.transport matches the server side, and the upgrade hands over the transport', async () => {
        const { socket, serverSocket } = await pair(mode);
        const engine = socket.io.engine;
        expect(engine?.id).to.equal((serverSocket.conn as unknown as { id: string }).id);
        if (mode === 'upgrade' && engine?.transport?.name === 'polling') {
          const [transport] = await next<[{ name: string }]>(engine, 'upgrade');
          expect(transport).to.equal(engine.transport);
        }
        expect(engine?.transport?.name).to.equal(mode === 'polling' ? 'polling' : 'websocket');
      });

      it('emitWithAck without a timeout rejects when the server disconnects the socket first', async () => {
        const { socket, serverSocket } = await pair(mode);
        const received = sioNext(serverSocket, 'hold');
        const pending = socket.emitWithAck('hold').then(
          () => expect.fail('emitWithAck should have rejected'),
          (e: unknown) => e,
        );
        await received;
        serverSocket.disconnect();
        expect(((await within(pending, 2000, 'the rejection')) as Error).message).to.equal('socket has been disconnected');
      });

      it('disconnect() then connect() in one tick leaves one clean connection', async () => {
        const { sio, socket, sockets } = await pair(mode);
        const again = next(socket, 'connect');
        socket.disconnect();
        socket.connect();
        await again;
        const serverSocket = await sockets.next();
        expect(socket.id).to.equal(serverSocket.id);
        const echoed = sioNext(serverSocket, 'still-there');
        socket.emit('still-there', 1);
        expect(await echoed).to.deep.equal([1]);
        expect(sio.io.of('/').sockets.size).to.equal(1);
        expect(sio.io.engine.clientsCount).to.equal(1);
      });

      it('events with mixed arguments both ways', async () => {
        const { socket, serverSocket } = await pair(mode);
        const args = [1, 'two', { three: [3] }, null, true];
        const toServer = sioNext(serverSocket, 'up');
        socket.emit('up', ...args);
        expect(await toServer).to.deep.equal(args);
        const toClient = next(socket, 'down');
        serverSocket.emit('down', ...args);
        expect(await toClient).to.deep.equal(args);
      });

      it('acks both ways, emitWithAck, and a client timeout when the server never answers', async () => {
        const { socket, serverSocket } = await pair(mode);
        serverSocket.on('sum', (a: number, b: number, ack: (...r: unknown[]) => void) => ack(a + b, 'ok'));
        const answer = deferred<unknown[]>();
        socket.emit('sum', 1, 2, (...response: unknown[]) => answer.resolve(response));
        expect(await within(answer.promise, 2000, 'the ack')).to.deep.equal([3, 'ok']);
        expect(await socket.emitWithAck('sum', 5, 5)).to.equal(10);
        const timedOut = deferred<unknown>();
        socket.timeout(50).emit('nobody', (error: unknown) => timedOut.resolve(error));
        expect(await within(timedOut.promise, 2000, 'the ack timeout')).to.be.instanceOf(Error);

        socket.on('ask', (q: string, ack: (...r: unknown[]) => void) => ack(`re: ${q}`));
        expect(await serverSocket.timeout(2000).emitWithAck('ask', 'x')).to.equal('re: x');
      });

      it('binaries both ways, nested and in acks', async () => {
        const { socket, serverSocket } = await pair(mode);
        const { args, expected } = samples();
        const toServer = sioNext(serverSocket, 'bin');
        socket.emit('bin', ...args);
        checkSamples(await toServer, expected);
        const toClient = next(socket, 'bin');
        serverSocket.emit('bin', ...args);
        checkSamples(await toClient, expected);

        serverSocket.on('echo', (data: Buffer, ack: (r: unknown) => void) => ack({ back: data }));
        const echoed = (await socket.emitWithAck('echo', new Uint8Array([9, 8]))) as { back: unknown };
        expect([...bytes(echoed.back)]).to.deep.equal([9, 8]);
        socket.on('give', (ack: (r: unknown) => void) => ack(Buffer.from('pong')));
        expect(bytes(await serverSocket.timeout(2000).emitWithAck('give')).toString()).to.equal('pong');
      });

      it('a namespace with auth middleware: refused with data (kind server), then accepted', async () => {
        const sio = await startSio(disposer);
        const admins = new FrameQueue<SioSocket>('admin socket');
        sio.io.of('/admin').use((s, nextFn) => {
          if (s.handshake.auth.token === 'secret') return nextFn();
          nextFn(Object.assign(new Error('forbidden'), { data: { need: 'token' } }));
        });
        sio.io.of('/admin').on('connection', (s) => admins.push(s));
        let token = 'wrong';
        const socket = client(disposer, `${sio.url}/admin?from=test`, mode, { auth: (cb) => cb({ token }) });
        const [error] = await next<[ConnectError]>(socket, 'connect_error');
        expect(error.message).to.equal('forbidden');
        expect(error.data).to.deep.equal({ need: 'token' });
        expect(error.kind).to.equal('server');
        expect(socket.active).to.equal(false);
        token = 'secret';
        socket.connect();
        await next(socket, 'connect');
        const admin = await admins.next();
        expect(admin.id).to.equal(socket.id);
        expect(admin.handshake.auth).to.deep.equal({ token: 'secret' });
        expect(admin.handshake.query.from).to.equal('test');
      });

      it('an unknown namespace gives "Invalid namespace"', async () => {
        const sio = await startSio(disposer);
        const socket = client(disposer, `${sio.url}/missing`, mode);
        const [error] = await next<[ConnectError]>(socket, 'connect_error');
        expect(error.message).to.equal('Invalid namespace');
      });

      // Regression: the socket must report its reason before handing itself back to the Manager.
      it("'io server disconnect' when the server disconnects the socket", async () => {
        const { socket, serverSocket } = await pair(mode);
        const disconnected = next<[string]>(socket, 'disconnect');
        serverSocket.disconnect();
        expect((await disconnected)[0]).to.equal('io server disconnect');
      });

      it('reconnects after the Socket.IO server restarts on the same port, and can emit again', async () => {
        const { sio, socket } = await pair(mode);
        // upgrade mode: close once on websocket (Node polling can connect before the upgrade; a polling client's next GET may be cut then)
        const engine = managerOf(socket).engine;
        if (mode === 'upgrade' && engine?.transport?.name === 'polling') await next(engine, 'upgrade');
        const oldId = socket.id;
        const disconnected = next<[string]>(socket, 'disconnect');
        await sio.close();
        // polling: the held GET is cut as the server goes away; socket.io-client 4.8.3 also says 'transport error' then
        expect((await disconnected)[0]).to.be.oneOf(mode === 'polling' ? ['transport error', 'transport close'] : ['transport close']);
        const restarted = await startSio(disposer, {}, sio.port);
        const sockets = new FrameQueue<SioSocket>('server socket');
        restarted.io.on('connection', (s) => sockets.push(s));
        const reconnected = next<[number]>(managerOf(socket), 'reconnect', 3000);
        await next(socket, 'connect', 3000);
        expect((await reconnected)[0]).to.be.at.least(1);
        const serverSocket = await sockets.next();
        expect(socket.id).to.equal(serverSocket.id).and.not.equal(oldId);
        const heard = sioNext(serverSocket, 'again');
        socket.emit('again', 2);
        expect(await heard).to.deep.equal([2]);
      });
    });
  }
});
