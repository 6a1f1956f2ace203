// Connecting: ids and state flags, the `connect` event, URL forms, query, auth (object and function), extraHeaders.
import { expect } from 'chai';
import { FrameQueue, Disposer } from '../../../server/test/helpers/index.js';
import type { Socket as ServerSocket } from '../../../server/src/index.js';
import { MODES, client, connect, connected, next } from './support/clients.js';
import { startRtio } from './support/servers.js';

describe('client socket: connect', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it('emits connect; id, connected, disconnected and active follow the server', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        server.io.on('connection', (s) => sockets.push(s));
        const socket = client(disposer, server.url, mode);
        expect(socket.id).to.equal(undefined);
        expect(socket.connected).to.equal(false);
        expect(socket.disconnected).to.equal(true);
        expect(socket.active).to.equal(true);
        const connectEvent = next(socket, 'connect');
        const serverSocket = await sockets.next();
        await connectEvent;
        expect(socket.id).to.be.a('string').and.equal(serverSocket.id);
        expect(socket.connected).to.equal(true);
        expect(socket.disconnected).to.equal(false);
        expect(socket.active).to.equal(true);
        socket.disconnect();
        expect(socket.connected).to.equal(false);
        expect(socket.disconnected).to.equal(true);
        expect(socket.active).to.equal(false);
        expect(socket.id).to.equal(undefined);
      });

      it('socket.io.engine.transport names the transport; its upgrade event hands over the new one', async () => {
        const server = await startRtio(disposer);
        const socket = await connect(disposer, server.url, mode);
        const engine = socket.io.engine;
        expect(engine?.id).to.be.a('string');
        if (mode !== 'upgrade') {
          expect(engine?.transport?.name).to.equal(mode);
          return;
        }
        if (engine?.transport?.name === 'polling') {
          const [transport] = await next<[{ name: string }]>(engine, 'upgrade');
          expect(transport.name).to.equal('websocket');
        }
        expect(engine?.transport?.name).to.equal('websocket');
        expect(engine?.transport?.writable).to.be.a('boolean');
      });

      it('io(url) joins "/", io(url + "/admin") joins /admin', async () => {
        const server = await startRtio(disposer);
        const root = new FrameQueue<ServerSocket>('root socket');
        const admin = new FrameQueue<ServerSocket>('admin socket');
        server.io.on('connection', (s) => root.push(s));
        server.io.of('/admin').on('connection', (s) => admin.push(s));
        const a = await connect(disposer, server.url, mode);
        const b = await connect(disposer, `${server.url}/admin`, mode);
        expect((await root.next()).id).to.equal(a.id);
        expect((await admin.next()).id).to.equal(b.id);
        expect(root.size + admin.size).to.equal(0);
      });

      it('query parameters of the URL and of the `query` option reach socket.handshake.query', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        server.io.of('/admin').on('connection', (s) => sockets.push(s));
        await connect(disposer, `${server.url}/admin?room=blue&n=1`, mode, { query: { extra: 'x' } });
        const { query } = (await sockets.next()).handshake;
        expect(query).to.include({ room: 'blue', n: '1', extra: 'x', EIO: '4' });
      });

      it('sends the auth object with CONNECT (socket.handshake.auth)', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        server.io.on('connection', (s) => sockets.push(s));
        await connect(disposer, server.url, mode, { auth: { token: 'abc', n: 1 } });
        expect((await sockets.next()).handshake.auth).to.deep.equal({ token: 'abc', n: 1 });
      });

      it('calls the auth function again at every reconnect', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        server.io.on('connection', (s) => sockets.push(s));
        let calls = 0;
        const socket = await connect(disposer, server.url, mode, { auth: (cb) => cb({ call: ++calls }) });
        const first = await sockets.next();
        expect(first.handshake.auth).to.deep.equal({ call: 1 });
        const reconnected = next(socket, 'connect');
        first.conn.close(); // engine-level close: the client sees 'transport close' and reconnects
        await reconnected;
        const second = await sockets.next();
        expect(second.handshake.auth).to.deep.equal({ call: 2 });
        expect(calls).to.equal(2);
        expect(socket.id).to.equal(second.id);
      });

      it('sends extraHeaders with the handshake (Node)', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        server.io.on('connection', (s) => sockets.push(s));
        await connect(disposer, server.url, mode, { extraHeaders: { 'x-rtio-test': 'yes' } });
        expect((await sockets.next()).handshake.headers['x-rtio-test']).to.equal('yes');
      });
    });
  }

  it('autoConnect: false waits for connect()', async () => {
    const server = await startRtio(disposer);
    let connections = 0;
    server.io.on('connection', () => connections++);
    const socket = client(disposer, server.url, 'websocket', { autoConnect: false });
    expect(socket.active).to.equal(false);
    expect(socket.connected).to.equal(false);
    const done = connected(socket);
    socket.connect();
    expect(socket.active).to.equal(true);
    await done;
    expect(connections).to.equal(1);
  });
});
