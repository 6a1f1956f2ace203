// Server, Namespace and Socket members of Socket.IO 4.8 that apps and plugins call: send/write,
// socket.local, allSockets(), namespace.server, io._nsps, a replaced socket.data, Node's emitter methods.
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { connectPairs, received } from './support/clients.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, connectPair, startServer } from './support/server-under-test.js';
import { RawPolling } from '../helpers/index.js';
import { nextEvent } from './support/events.js';
import { InMemoryAdapter, Server, type Socket } from '../../src/index.js';

describe('socket layer: the rest of the Socket.IO 4.8 server API', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it("socket.send()/write(), nsp.send() and io.send()/write() emit 'message'", async () => {
    const server = disposer.add(await startServer());
    const pairs = await connectPairs(disposer, server, 'websocket', 2);
    const [a, b] = pairs as [(typeof pairs)[0], (typeof pairs)[0]];
    const got = await received(server, pairs, 'message', () => {
      a.socket.send('to a', 1);
      b.socket.write('to b');
      server.io.send('to all');
      server.io.write('to all again');
      server.io.of('/').send('from the namespace');
    });
    expect(got[0]).to.deep.equal([['to a', 1], ['to all'], ['to all again'], ['from the namespace']]);
    expect(got[1]).to.deep.equal([['to b'], ['to all'], ['to all again'], ['from the namespace']]);
  });

  it('socket.local broadcasts to the others on this node, leaving the socket out', async () => {
    const server = disposer.add(await startServer());
    const pairs = await connectPairs(disposer, server, 'websocket', 3);
    const got = await received(server, pairs, 'local news', () => pairs[0]?.socket.local.emit('local news', 'x'));
    expect(got.map((list) => list.length)).to.deep.equal([0, 1, 1]);
  });

  it('allSockets() on the server, a namespace and an operator gives the targeted socket ids', async () => {
    const server = disposer.add(await startServer());
    const pairs = await connectPairs(disposer, server, 'polling', 3);
    const ids = pairs.map((pair) => pair.socket.id);
    pairs[0]?.socket.join('red');
    pairs[1]?.socket.join(['red', 'blue']);
    expect([...(await server.io.allSockets())].sort()).to.deep.equal([...ids].sort());
    expect([...(await server.io.of('/').allSockets())].sort()).to.deep.equal([...ids].sort());
    expect([...(await server.io.in('red').allSockets())].sort()).to.deep.equal([ids[0], ids[1]].sort());
    expect([...(await server.io.to('red').except('blue').allSockets())]).to.deep.equal([ids[0]]);
    expect([...(await server.io.of('/other').allSockets())]).to.deep.equal([]);
  });

  it('namespace.server, namespace.sockets and io._nsps reach the server and every namespace', async () => {
    const server = disposer.add(await startServer());
    const admin = server.io.of('/admin');
    const { client, socket } = await connectPair(server, 'websocket', '/admin');
    disposer.add(client);
    expect(admin.server).to.equal(server.io);
    expect(server.io.of('/').server).to.equal(server.io);
    expect([...server.io._nsps.keys()]).to.deep.equal(['/', '/admin']);
    expect(server.io._nsps.get('/admin')).to.equal(admin);
    expect(admin.sockets.get(socket.id)).to.equal(socket);
    expect(admin.sockets.size).to.equal(1);
  });

  it('socket.data may be replaced (by a Proxy, as the admin UI does) and fetchSockets() returns it', async () => {
    const server = disposer.add(await startServer());
    const changes: PropertyKey[] = [];
    server.io.use((socket, next) => {
      socket.data = { name: 'alice' };
      next();
    });
    server.io.on('connection', (socket) => {
      const previous = socket.data as Record<string, unknown>;
      socket.data = new Proxy({ ...previous }, { set: (target, key, value) => (changes.push(key), Reflect.set(target, key, value)) });
    });
    const { client, socket } = await connectPair(server, 'websocket');
    disposer.add(client);
    (socket.data as Record<string, unknown>).score = 3;
    const [fetched] = await server.io.fetchSockets();
    expect(fetched?.data).to.equal(socket.data);
    expect(fetched?.data).to.deep.equal({ name: 'alice', score: 3 });
    expect(changes).to.deep.equal(['score']);
  });

  it('has Node’s emitter methods on the server, namespaces, sockets, the engine, sessions and adapters', async () => {
    const server = disposer.add(await startServer());
    const order: string[] = [];
    const nsp = server.io.of('/');
    nsp.on('connection', () => order.push('app'));
    nsp.prependListener('connection', () => order.push('prepended'));
    const once = (): number => order.push('prepended once');
    nsp.prependOnceListener('connection', once);
    expect(nsp.listeners('connection')[0]).to.equal(once); // unwrapped, as in Node
    expect(nsp.listenerCount('connection', once)).to.equal(1);
    expect(nsp.eventNames()).to.include('connection');

    const first = await connectPair(server, 'websocket');
    disposer.add(first.client);
    const second = await connectPair(server, 'websocket');
    disposer.add(second.client);
    // "/"'s own listener (feeding io's 'connection') was added first, so it stays in the middle.
    expect(order).to.deep.equal(['prepended once', 'prepended', 'app', 'prepended', 'app']);

    const socket: Socket = first.socket;
    const hello = (): void => undefined;
    socket.addListener('hello', hello);
    expect(socket.eventNames()).to.include('hello');
    expect(socket.listenerCount('hello')).to.equal(1);
    socket.removeListener('hello', hello);
    expect(socket.listenerCount('hello')).to.equal(0);
    expect(socket.eventNames()).to.not.include('hello');
    socket.setMaxListeners(50);
    expect(socket.getMaxListeners()).to.equal(50);
    expect(second.socket.getMaxListeners()).to.equal(10);

    const listener = (): void => undefined;
    for (const emitter of [server.io, server.io.engine, socket.conn, nsp.adapter]) {
      (emitter.prependListener as (e: string, l: () => void) => unknown)('some-event', listener);
      expect((emitter.rawListeners as (e: string) => unknown[])('some-event')).to.deep.equal([listener]);
      (emitter.removeAllListeners as (e: string) => unknown)('some-event');
      expect((emitter.listenerCount as (e: string) => number)('some-event')).to.equal(0);
    }
  });

  it("reports room changes on adapter 'join-room' / 'leave-room' (the admin UI listens)", async () => {
    const server = disposer.add(await startServer());
    const adapter = server.io.of('/').adapter as InMemoryAdapter;
    const events: string[] = [];
    adapter.on('join-room', (room, id) => events.push(`join ${room === id ? 'own' : room}`));
    adapter.on('leave-room', (room, id) => events.push(`leave ${room === id ? 'own' : room}`));
    const { client, socket } = await connectPair(server, 'websocket');
    socket.join('red');
    socket.leave('red');
    const gone = nextEvent(socket, 'disconnect');
    client.close();
    await gone;
    expect(events).to.deep.equal(['join own', 'join red', 'leave red', 'leave own']);
  });

  it('has the getter/setter methods path(), serveClient(), connectTimeout(), adapter(), and attach(server, options)', async () => {
    const io = new Server();
    disposer.add({ close: () => io.close() });
    expect(io.path()).to.equal('/rt/');
    expect(io.path('/other')).to.equal(io);
    expect(io.path()).to.equal('/other/');
    expect(io.serveClient()).to.equal(true);
    io.serveClient(false);
    expect(io.serveClient()).to.equal(false);
    expect(io.connectTimeout()).to.equal(45_000);
    io.connectTimeout(100);
    expect(io.adapter()).to.equal(InMemoryAdapter);

    const httpServer = http.createServer();
    io.attach(httpServer, { pingInterval: 1234 });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    const client = disposer.add(await connect(url, '/', { path: '/other/' }));
    expect(client.connected).to.equal(true);
    expect(() => io.path('/late/')).to.throw(/before attach/);
    const served = await fetch(`${url}/other/client.js`);
    expect(served.status).to.equal(400); // serveClient(false): the engine answers, no client file

    // connectTimeout(100): an Engine.IO session that joins no namespace is closed after 100 ms.
    const raw = disposer.add(await RawPolling.handshake(url, { path: '/other/' }));
    expect(raw.handshake.pingInterval).to.equal(1234);
    const closed = await raw.getPackets();
    expect(closed.map((p) => p.type)).to.deep.equal(['close']);
  });
});
