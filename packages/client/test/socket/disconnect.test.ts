// Disconnect reasons seen by the client, and whether reconnection follows each.
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import { Disposer, FrameQueue } from '../../../server/test/helpers/index.js';
import type { Socket as ServerSocket } from '../../../server/src/index.js';
import { io } from '../../src/index.js';
import { MODES, client, closeClient, connected, managerOf, modeOptions, next, within } from './support/clients.js';
import { startRtio } from './support/servers.js';
import { rtioPair, serverNext } from './support/pairs.js';
import { startSilentServer } from './support/raw-server.js';

describe('client socket: disconnect reasons', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      // Regression: the socket must report its reason before handing itself back to the Manager.
      it("'io server disconnect' when the server calls socket.disconnect()", async () => {
        const { client: socket, socket: serverSocket } = await rtioPair(disposer, mode);
        const disconnected = next<[string]>(socket, 'disconnect');
        serverSocket.disconnect();
        expect((await disconnected)[0]).to.equal('io server disconnect');
      });

      it('no reconnection after the server disconnected the socket', async () => {
        const clock = new ManualClock();
        const { client: socket, socket: serverSocket } = await rtioPair(disposer, mode, { clock });
        const disconnected = next<[string]>(socket, 'disconnect');
        serverSocket.disconnect();
        await disconnected;
        expect(socket.connected).to.equal(false);
        expect(socket.active).to.equal(false);
        expect(clock.pending, 'a reconnection timer was armed').to.equal(0);
        expect(managerOf(socket).engine).to.equal(undefined);
      });

      it("'io server disconnect' while another namespace keeps the connection open", async () => {
        const server = await startRtio(disposer);
        const admins = new FrameQueue<ServerSocket>('admin socket');
        server.io.of('/admin').on('connection', (s) => admins.push(s));
        const root = io(server.url, { forceNew: false, ...modeOptions(mode) });
        const admin = io(`${server.url}/admin`, { forceNew: false, ...modeOptions(mode) });
        disposer.add(() => (closeClient(root), closeClient(admin)));
        await Promise.all([connected(root), connected(admin)]);
        const disconnected = next<[string]>(admin, 'disconnect');
        (await admins.next()).disconnect();
        expect((await disconnected)[0]).to.equal('io server disconnect');
        expect(admin.active).to.equal(false);
        expect(root.connected).to.equal(true);
      });

      it("'io client disconnect' on socket.disconnect(): the server sees it, no reconnection", async () => {
        const clock = new ManualClock();
        const { client: socket, socket: serverSocket } = await rtioPair(disposer, mode, { clock });
        const serverSaw = serverNext(serverSocket, 'disconnect');
        const reasons: string[] = [];
        socket.on('disconnect', (reason) => void reasons.push(reason));
        socket.disconnect();
        expect(reasons).to.deep.equal(['io client disconnect']);
        expect((await serverSaw)[0]).to.equal('client namespace disconnect');
        expect(socket.active).to.equal(false);
        expect(clock.pending, 'a reconnection timer was armed').to.equal(0);
      });

      it("'transport close' when the server closes the connection, then the client reconnects", async () => {
        const { client: socket, socket: serverSocket, sockets } = await rtioPair(disposer, mode);
        const disconnected = next<[string]>(socket, 'disconnect');
        const reconnected = next(socket, 'connect');
        serverSocket.conn.close();
        expect((await disconnected)[0]).to.equal('transport close');
        expect(socket.active).to.equal(true);
        await reconnected;
        const again = await sockets.next();
        expect(socket.id).to.equal(again.id).and.not.equal(serverSocket.id);
        const heard = serverNext(again, 'after');
        socket.emit('after', 1);
        expect(await heard).to.deep.equal([1]);
      });

      it('pending acks with a timeout fail at once with an error when the connection drops', async () => {
        const { client: socket, socket: serverSocket } = await rtioPair(disposer, mode);
        const seen = serverNext(serverSocket, 'never-acked');
        const result = new Promise<unknown[]>((resolve) => socket.timeout(60_000).emit('never-acked', (...args: unknown[]) => resolve(args)));
        await seen;
        serverSocket.conn.close();
        const [error] = await within(result, 2000, 'the pending ack to fail');
        expect(error).to.be.instanceOf(Error);
        expect((error as Error).message).to.equal('socket has been disconnected');
      });

      it("'ping timeout' when the server stops pinging (ManualClock), then the client reconnects", async () => {
        const clock = new ManualClock();
        const { client: socket, server, sockets } = await rtioPair(disposer, mode, { clock, reconnectionDelay: 100, reconnectionDelayMax: 100, randomizationFactor: 0 });
        const { pingInterval, pingTimeout } = server.io.engine.options;
        const disconnected = next<[string]>(socket, 'disconnect');
        clock.advance(pingInterval + pingTimeout - 1);
        expect(socket.connected).to.equal(true);
        clock.advance(1);
        expect((await disconnected)[0]).to.equal('ping timeout');
        const reconnected = next(socket, 'connect');
        clock.advance(100);
        await reconnected;
        expect(socket.id).to.equal((await sockets.next()).id);
      });
    });
  }

  it("'ping timeout' against a server that never pings (pingInterval 50, pingTimeout 50), then a reconnection", async () => {
    const raw = await startSilentServer(disposer, { pingInterval: 50, pingTimeout: 50 });
    const socket = client(disposer, raw.url, 'websocket');
    await next(socket, 'connect');
    expect(socket.id).to.equal('raw-socket-1');
    const first = await raw.connections.next();
    expect(await first.frames.next()).to.equal('40');
    const [reason] = await next<[string]>(socket, 'disconnect', 2000);
    expect(reason).to.equal('ping timeout');
    await next(socket, 'connect');
    expect(socket.id).to.equal('raw-socket-2');
  });

  // Regression: the engine's own close event used to win, reporting 'io client disconnect'.
  it("'parse error' (with the ProtocolError) when the server sends an undecodable packet, then a reconnection", async () => {
    const raw = await startSilentServer(disposer, { pingInterval: 10000, pingTimeout: 10000 });
    const socket = client(disposer, raw.url, 'websocket');
    await next(socket, 'connect');
    const first = await raw.connections.next();
    const disconnected = next<[string, unknown]>(socket, 'disconnect');
    first.ws.send('42[oops');
    const [reason, details] = await disconnected;
    expect(reason).to.equal('parse error');
    expect(details).to.have.property('code', 'INVALID_JSON');
    await next(socket, 'connect');
    expect(socket.id).to.equal('raw-socket-2');
  });
});
