// Server-wide utilities: fetchSockets, socketsJoin/Leave, disconnectSockets, serverSideEmit.
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { connectPairs, counts } from './support/clients.js';
import { deferred, nextEvent, within } from './support/events.js';
import { MODES, connect, startServer } from './support/server-under-test.js';
import type { Socket } from '../../src/index.js';

for (const mode of MODES) {
  describe(`socket layer: server utilities (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    async function setup(count: number) {
      const server = disposer.add(await startServer());
      const pairs = await connectPairs(disposer, server, mode, count);
      return { server, pairs };
    }

    it('io.fetchSockets() returns every socket with its id, handshake, rooms and data', async () => {
      const { server, pairs } = await setup(2);
      const [a, b] = pairs.map((pair) => pair.socket) as [Socket, Socket];
      a.join('r');
      a.data = { name: 'alice' };
      b.data = { name: 'bob' };
      const fetched = await server.io.fetchSockets();
      expect(fetched.map((s) => s.id).sort()).to.deep.equal([a.id, b.id].sort());
      const fa = fetched.find((s) => s.id === a.id)!;
      expect([...fa.rooms].sort()).to.deep.equal([a.id, 'r'].sort());
      expect(fa.data).to.deep.equal({ name: 'alice' });
      expect(fa.handshake.address).to.equal('127.0.0.1');
      expect(fa.handshake.query.EIO).to.equal('4');
      expect(fetched.find((s) => s.id === b.id)!.data).to.deep.equal({ name: 'bob' });
    });

    it('io.in(room).fetchSockets() returns the members only, and they can be driven', async () => {
      const { server, pairs } = await setup(3);
      pairs[1]!.socket.join('r');
      const fetched = await server.io.in('r').fetchSockets();
      expect(fetched.map((s) => s.id)).to.deep.equal([pairs[1]!.socket.id]);
      const [member] = fetched;
      const heard = nextEvent(pairs[1]!.client, 'direct');
      member!.emit('direct', 'to you');
      expect(await heard).to.deep.equal(['to you']);
      member!.join('extra');
      expect(pairs[1]!.socket.rooms.has('extra')).to.equal(true);
      expect(await server.io.in('nobody').fetchSockets()).to.deep.equal([]);
    });

    it('io.socketsJoin puts every targeted socket in the rooms', async () => {
      const { server, pairs } = await setup(3);
      server.io.socketsJoin('everyone');
      pairs[0]!.socket.join('a');
      server.io.in('a').socketsJoin(['b', 'c']);
      expect(pairs.map(({ socket }) => socket.rooms.has('everyone'))).to.deep.equal([true, true, true]);
      expect([...pairs[0]!.socket.rooms].sort()).to.deep.equal([pairs[0]!.socket.id, 'a', 'b', 'c', 'everyone'].sort());
      expect(pairs[1]!.socket.rooms.has('b')).to.equal(false);
      expect(await counts(server, pairs, 'news', () => server.io.to('c').emit('news'))).to.deep.equal([1, 0, 0]);
    });

    it('io.socketsLeave takes the targeted sockets out of the rooms', async () => {
      const { server, pairs } = await setup(3);
      server.io.socketsJoin(['r', 's']);
      pairs[2]!.socket.join('keep');
      server.io.except('keep').socketsLeave('r');
      expect(pairs.map(({ socket }) => socket.rooms.has('r'))).to.deep.equal([false, false, true]);
      expect(pairs.map(({ socket }) => socket.rooms.has('s'))).to.deep.equal([true, true, true]);
      expect(await counts(server, pairs, 'news', () => server.io.to('r').emit('news'))).to.deep.equal([0, 0, 1]);
    });

    it('io.disconnectSockets() disconnects every socket ("server namespace disconnect" / "io server disconnect")', async () => {
      const { server, pairs } = await setup(2);
      const serverReasons = Promise.all(pairs.map(({ socket }) => nextEvent(socket, 'disconnect')));
      const clientReasons = Promise.all(pairs.map(({ client }) => nextEvent(client, 'disconnect')));
      server.io.disconnectSockets();
      expect((await serverReasons).map(([reason]) => reason)).to.deep.equal(['server namespace disconnect', 'server namespace disconnect']);
      expect((await clientReasons).map(([reason]) => reason)).to.deep.equal(['io server disconnect', 'io server disconnect']);
      expect(server.io.of('/').sockets.size).to.equal(0);
    });

    it('io.in(room).disconnectSockets() disconnects the members only', async () => {
      const { server, pairs } = await setup(2);
      pairs[0]!.socket.join('r');
      const gone = nextEvent(pairs[0]!.client, 'disconnect');
      server.io.in('r').disconnectSockets();
      expect((await gone)[0]).to.equal('io server disconnect');
      pairs[1]!.socket.on('still', (ack: (r: string) => void) => ack('here'));
      expect(await pairs[1]!.client.timeout(2000).emitWithAck('still')).to.equal('here');
    });

    it('disconnectSockets() keeps the connection for other namespaces; disconnectSockets(true) closes it', async () => {
      const server = disposer.add(await startServer());
      server.io.of('/admin').on('connection', (socket) => socket.on('ping', (ack: (r: string) => void) => ack('pong')));
      const main = disposer.add(await connect(server.url, '/', { mode, forceNew: false }));
      const admin = disposer.add(await connect(server.url, '/admin', { mode, forceNew: false }));
      expect(admin.io).to.equal(main.io);

      const mainGone = nextEvent(main, 'disconnect');
      server.io.disconnectSockets();
      expect((await mainGone)[0]).to.equal('io server disconnect');
      expect(await admin.timeout(2000).emitWithAck('ping')).to.equal('pong');

      main.connect();
      await nextEvent(main, 'connect');
      const adminSocket = server.io.of('/admin').sockets.get(admin.id!)!;
      const adminServerGone = nextEvent(adminSocket, 'disconnect');
      const adminGone = nextEvent(admin, 'disconnect');
      const mainGoneAgain = nextEvent(main, 'disconnect');
      server.io.disconnectSockets(true);
      expect((await mainGoneAgain)[0]).to.equal('io server disconnect');
      expect((await adminServerGone)[0]).to.equal('server namespace disconnect');
      expect((await adminGone)[0]).to.be.a('string');
      expect(admin.connected).to.equal(false);
    });
  });
}

describe('socket layer: serverSideEmit', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('serverSideEmit on a single node returns true and acks with (null, [])', async () => {
    const server = disposer.add(await startServer());
    expect(server.io.serverSideEmit('hello', 'world')).to.equal(true);
    const done = deferred<unknown[]>();
    server.io.serverSideEmit('ping', (...args: unknown[]) => done.resolve(args));
    expect(await within(done.promise, 1000, 'the serverSideEmit ack')).to.deep.equal([null, []]);
    expect(() => server.io.serverSideEmit('connection')).to.throw(/reserved/);
  });
});
