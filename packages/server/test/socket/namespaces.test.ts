// Namespaces: static, multiplexed over one connection, dynamic (RegExp and function), unknown,
// and freeing a dynamic child namespace when its last socket leaves.
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { nextEvent } from './support/events.js';
import { MODES, connect, connectPair, startServer } from './support/server-under-test.js';
import type { Namespace, Socket } from '../../src/index.js';

for (const mode of MODES) {
  describe(`socket layer: namespaces (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    it('io.of(name) returns one namespace per name, with its own sockets', async () => {
      const server = disposer.add(await startServer());
      const admin = server.io.of('/admin');
      expect(server.io.of('/admin')).to.equal(admin);
      expect(server.io.of('admin')).to.equal(admin);
      expect(admin.name).to.equal('/admin');
      const connection = nextEvent<[Socket]>(admin, 'connection');
      const client = disposer.add(await connect(server.url, '/admin', { mode }));
      const [socket] = await connection;
      expect(socket.id).to.equal(client.id);
      expect(socket.nsp.name).to.equal('/admin');
      expect(admin.sockets.get(socket.id)).to.equal(socket);
      expect(server.io.of('/').sockets.size).to.equal(0);
    });

    it('broadcasts of a namespace stay in it', async () => {
      const server = disposer.add(await startServer());
      server.io.of('/admin');
      const main = await connectPair(server, mode, '/');
      const admin = await connectPair(server, mode, '/admin');
      disposer.add(main.client);
      disposer.add(admin.client);
      const seen: string[] = [];
      main.client.on('news', (n: string) => seen.push(`main:${n}`));
      admin.client.on('news', (n: string) => seen.push(`admin:${n}`));
      const mainDone = nextEvent(main.client, 'done');
      const adminDone = nextEvent(admin.client, 'done');
      server.io.of('/admin').emit('news', 'a');
      server.io.emit('news', 'm');
      server.io.of('/admin').emit('done');
      server.io.emit('done');
      await Promise.all([mainDone, adminDone]);
      expect(seen.sort()).to.deep.equal(['admin:a', 'main:m']);
    });

    it('multiplexes two namespaces over one connection', async () => {
      const server = disposer.add(await startServer());
      server.io.on('connection', (socket) => socket.on('where', (ack: (n: string) => void) => ack('main')));
      server.io.of('/admin').on('connection', (socket) => socket.on('where', (ack: (n: string) => void) => ack('admin')));
      const main = disposer.add(await connect(server.url, '/', { mode, forceNew: false }));
      const admin = disposer.add(await connect(server.url, '/admin', { mode, forceNew: false }));
      expect(admin.io).to.equal(main.io);
      expect(admin.id).to.not.equal(main.id);
      const mainSocket = server.io.of('/').sockets.get(main.id!)!;
      const adminSocket = server.io.of('/admin').sockets.get(admin.id!)!;
      expect(adminSocket.conn).to.equal(mainSocket.conn);
      expect(await main.timeout(2000).emitWithAck('where')).to.equal('main');
      expect(await admin.timeout(2000).emitWithAck('where')).to.equal('admin');
      // Leaving one namespace keeps the other on the same connection.
      const mainGone = nextEvent(mainSocket, 'disconnect');
      main.disconnect();
      expect((await mainGone)[0]).to.equal('client namespace disconnect');
      expect(await admin.timeout(2000).emitWithAck('where')).to.equal('admin');
      expect(adminSocket.connected).to.equal(true);
    });

    it('creates a child namespace for each name a RegExp matches, with the parent middlewares and listeners', async () => {
      const server = disposer.add(await startServer());
      const parent = server.io.of(/^\/dyn-\d+$/);
      const used: string[] = [];
      parent.use((socket, next) => {
        used.push(socket.nsp.name);
        next();
      });
      const names: string[] = [];
      parent.on('connection', (socket) => {
        names.push(socket.nsp.name);
        socket.on('name', (ack: (n: string) => void) => ack(socket.nsp.name));
      });
      const one = disposer.add(await connect(server.url, '/dyn-1', { mode }));
      const two = disposer.add(await connect(server.url, '/dyn-22', { mode }));
      expect(await one.timeout(2000).emitWithAck('name')).to.equal('/dyn-1');
      expect(await two.timeout(2000).emitWithAck('name')).to.equal('/dyn-22');
      expect(names).to.deep.equal(['/dyn-1', '/dyn-22']);
      expect(used).to.deep.equal(['/dyn-1', '/dyn-22']);
      expect(server.io.of('/dyn-1').sockets.has(one.id!)).to.equal(true);
      const error = await connect(server.url, '/dyn-x', { mode }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.equal('Invalid namespace');
    });

    it('asks a function matcher with the name and the auth payload', async () => {
      const server = disposer.add(await startServer());
      const asked: unknown[][] = [];
      server.io
        .of((name, auth, next) => {
          asked.push([name, auth]);
          next(null, name.startsWith('/team-') && auth.key === 'k');
        })
        .on('connection', (socket) => socket.on('name', (ack: (n: string) => void) => ack(socket.nsp.name)));
      const ok = disposer.add(await connect(server.url, '/team-a', { mode, auth: { key: 'k' } }));
      expect(await ok.timeout(2000).emitWithAck('name')).to.equal('/team-a');
      const refused = await connect(server.url, '/team-b', { mode, auth: { key: 'wrong' } }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(refused?.message).to.equal('Invalid namespace');
      expect(asked).to.deep.equal([
        ['/team-a', { key: 'k' }],
        ['/team-b', { key: 'wrong' }],
      ]);
    });

    it('refuses an unknown namespace with connect_error "Invalid namespace"', async () => {
      const server = disposer.add(await startServer());
      const error = await connect(server.url, '/nowhere', { mode }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).to.be.instanceOf(Error);
      expect(error?.message).to.equal('Invalid namespace');
      expect(server.io.of('/').sockets.size).to.equal(0);
    });

    it('frees a dynamic child namespace when its last socket leaves', async () => {
      const server = disposer.add(await startServer({ cleanupEmptyChildNamespaces: true }));
      server.io.of(/^\/dyn-\d+$/);
      const created: Namespace[] = [];
      server.io.on('new_namespace', (namespace) => created.push(namespace));
      const first = disposer.add(await connect(server.url, '/dyn-7', { mode }));
      const second = disposer.add(await connect(server.url, '/dyn-7', { mode }));
      expect(created.map((n) => n.name)).to.deep.equal(['/dyn-7']);
      const child = created[0]!;
      for (const client of [first, second]) {
        const gone = nextEvent(child.sockets.get(client.id!)!, 'disconnect');
        client.disconnect();
        await gone;
      }
      const third = disposer.add(await connect(server.url, '/dyn-7', { mode }));
      expect(created.map((n) => n.name)).to.deep.equal(['/dyn-7', '/dyn-7']);
      expect(created[1]).to.not.equal(child);
      expect(created[1]!.sockets.has(third.id!)).to.equal(true);
    });
  });
}
