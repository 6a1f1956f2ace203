// Connecting to the main namespace: ids, handshake, socket.data, connected state, transport.
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { nextEvent } from './support/events.js';
import { MODES, connect, connectPair, startServer, type Mode } from './support/server-under-test.js';
import type { Socket } from '../../src/index.js';

/** Resolves once the server side of `socket` runs over WebSocket (the upgrade may be in flight). */
async function upgraded(socket: Socket): Promise<void> {
  if (socket.conn.transportName !== 'websocket') await nextEvent(socket.conn, 'upgrade');
}

for (const mode of MODES) {
  describe(`socket layer: connection (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    it('gives the socket the same id on both sides and marks both connected', async () => {
      const server = disposer.add(await startServer());
      const connection = nextEvent<[Socket]>(server.io, 'connection');
      const client = disposer.add(await connect(server.url, '/', { mode }));
      const [socket] = await connection;
      expect(client.id).to.be.a('string').and.have.length.above(0);
      expect(socket.id).to.equal(client.id);
      expect(socket.connected).to.equal(true);
      expect(socket.disconnected).to.equal(false);
      expect(client.connected).to.equal(true);
      expect(socket.nsp.name).to.equal('/');
      expect(server.io.of('/').sockets.get(socket.id)).to.equal(socket);
    });

    it('fills socket.handshake from the opening request and the CONNECT auth', async () => {
      const server = disposer.add(await startServer());
      const before = Date.now();
      const connection = nextEvent<[Socket]>(server.io, 'connection');
      disposer.add(
        await connect(server.url, '/', { mode, query: { a: '1' }, auth: { token: 'x' }, extraHeaders: { 'x-test': 'yes' } }),
      );
      const [socket] = await connection;
      const { handshake } = socket;
      expect(handshake.headers.host).to.equal(`127.0.0.1:${server.port}`);
      expect(handshake.headers['x-test']).to.equal('yes');
      expect(handshake.issued).to.be.a('number').within(before - 1, Date.now());
      expect(handshake.time).to.be.a('string');
      expect(Math.abs(Date.parse(handshake.time) - handshake.issued)).to.be.below(1000);
      expect(handshake.address).to.equal('127.0.0.1');
      expect(handshake.xdomain).to.equal(false);
      expect(handshake.secure).to.equal(false);
      expect(handshake.url).to.match(/^\/rt\/\?/);
      expect(handshake.url).to.contain('a=1').and.contain('EIO=4');
      expect(handshake.query).to.include({ a: '1', EIO: '4', transport: mode === 'websocket' ? 'websocket' : 'polling' });
      expect(handshake.auth).to.deep.equal({ token: 'x' });
    });

    it('gives an empty auth object when the client sends none', async () => {
      const server = disposer.add(await startServer());
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      expect(socket.handshake.auth).to.deep.equal({});
    });

    it('keeps socket.data set by a middleware for the connection handler and later events', async () => {
      const server = disposer.add(await startServer());
      server.io.use((socket, next) => {
        socket.data = { user: 'bob' };
        next();
      });
      server.io.on('connection', (socket) => {
        socket.data.seen = true;
        socket.on('whoami', (ack: (data: unknown) => void) => ack(socket.data));
      });
      const client = disposer.add(await connect(server.url, '/', { mode }));
      expect(await client.timeout(2000).emitWithAck('whoami')).to.deep.equal({ user: 'bob', seen: true });
    });

    it('marks the server socket disconnected once the client leaves', async () => {
      const server = disposer.add(await startServer());
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      const disconnected = nextEvent(socket, 'disconnect');
      client.disconnect();
      await disconnected;
      expect(socket.connected).to.equal(false);
      expect(socket.disconnected).to.equal(true);
      expect(server.io.of('/').sockets.has(socket.id)).to.equal(false);
    });

    it(`reports the engine transport (${mode === 'polling' ? 'polling' : 'websocket'})`, async () => {
      const server = disposer.add(await startServer());
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      expectTransport(mode, socket);
      if (mode === 'upgrade') await upgraded(socket);
      expect(socket.conn.transportName).to.equal(mode === 'polling' ? 'polling' : 'websocket');
    });
  });
}

/** Right after connect: websocket-only runs on WebSocket, polling-only on polling (upgrade mode may be mid-upgrade). */
function expectTransport(mode: Mode, socket: Socket): void {
  if (mode === 'websocket') expect(socket.conn.transportName).to.equal('websocket');
  if (mode === 'polling') expect(socket.conn.transportName).to.equal('polling');
}
