// Edge-case behaviour of Socket.IO 4.8 a migrating app relies on: volatile packets while the
// transport is busy, rooms of refused or gone sockets, a dynamic parent's broadcasts, broadcast-ack
// timeouts, and events that arrive together with a disconnect.
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { counts, connectPairs } from './support/clients.js';
import { MODES, connect, connectPair, createSocket, startServer } from './support/server-under-test.js';
import { nextEvent, within } from './support/events.js';
import type { Socket } from '../../src/index.js';

/** Resolves once the socket's transport can take a packet (polling: the client's next GET is held). */
async function untilWritable(socket: Socket, httpServer: import('node:http').Server): Promise<void> {
  while (!socket.conn.transport.writable) {
    await within(nextEvent(httpServer, 'request'), 2000, 'the next polling request');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('socket layer: Socket.IO 4.8 semantics', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of ['websocket', 'polling'] as const) {
    it(`drops a volatile emit while the transport is busy with the packets before it (${mode})`, async () => {
      const server = disposer.add(await startServer());
      const pairs = await connectPairs(disposer, server, mode, 1);
      const socket = pairs[0]?.socket as Socket;
      const ready = () => untilWritable(socket, server.httpServer);
      await ready();
      const got = await counts(server, pairs, 'ev', () => {
        socket.emit('ev', 'regular');
        socket.volatile.emit('ev', 'volatile after a regular one: dropped');
      });
      expect(got).to.deep.equal([1]);
      await ready();
      // Two volatile in a row: the first goes, the second finds the transport busy.
      const twice = await counts(server, pairs, 'ev', () => {
        socket.volatile.emit('ev', 1);
        socket.volatile.emit('ev', 2);
      });
      expect(twice).to.deep.equal([1]);
      await ready();
      const broadcast = await counts(server, pairs, 'ev', () => {
        server.io.volatile.emit('ev', Buffer.from([1]));
        server.io.volatile.emit('ev', Buffer.from([2]));
      });
      expect(broadcast).to.deep.equal([1]);
      await ready();
      // A dropped volatile emit does not hold back the regular ones after it.
      const regular = await counts(server, pairs, 'ev', () => {
        socket.emit('ev', 'a');
        socket.volatile.emit('ev', 'dropped');
        socket.emit('ev', 'b');
      });
      expect(regular).to.deep.equal([2]);
    });
  }

  it('leaves no room behind for a socket a middleware refused, or one that joins after its disconnect', async () => {
    const server = disposer.add(await startServer());
    const adapter = server.io.of('/').adapter as unknown as { rooms: Map<string, Set<string>> };
    server.io.use((socket, next) => {
      socket.join('joined in a middleware');
      if (socket.handshake.auth.refuse) next(new Error('nope'));
      else next();
    });
    const refused = disposer.add(createSocket(server.url, '/', { auth: { refuse: true } }));
    const [error] = await nextEvent<[Error]>(refused, 'connect_error');
    expect(error.message).to.equal('nope');
    expect(adapter.rooms.size).to.equal(0);

    const { client, socket } = await connectPair(server, 'websocket');
    expect([...adapter.rooms.keys()].sort()).to.deep.equal(['joined in a middleware', socket.id].sort());
    const gone = nextEvent(client, 'disconnect');
    socket.disconnect();
    socket.join('after the disconnect');
    await gone;
    expect(adapter.rooms.size).to.equal(0);
    client.close();
  });

  it('broadcasts of a dynamic parent namespace reach its children, rooms and acks included', async () => {
    const server = disposer.add(await startServer());
    const parent = server.io.of(/^\/team-\d+$/);
    const one = await connectPair(server, 'websocket', '/team-1');
    const two = await connectPair(server, 'websocket', '/team-2');
    const three = await connectPair(server, 'websocket', '/team-2');
    for (const pair of [one, two, three]) disposer.add(pair.client);
    one.socket.join('leads');
    three.socket.join('leads');
    const notices = [one, two, three].map(() => 0);
    [one, two, three].forEach((pair, i) => pair.client.on('notice', () => (notices[i] = (notices[i] ?? 0) + 1)));
    const sentinels = [one, two, three].map((pair) => nextEvent(pair.client, 'sentinel'));
    parent.to('leads').emit('notice', 'hi');
    parent.emit('sentinel'); // after the notice on every connection: what came before it is all
    await within(Promise.all(sentinels), 2000, 'the sentinel in every child namespace');
    expect(notices).to.deep.equal([1, 0, 1]);

    for (const pair of [one, two, three]) pair.client.on('count?', (ack: (n: string) => void) => ack(pair.socket.nsp.name));
    const answers = await parent.timeout(2000).emitWithAck('count?');
    expect(answers.sort()).to.deep.equal(['/team-1', '/team-2', '/team-2']);
    expect((await parent.fetchSockets()).map((s) => s.id).sort()).to.deep.equal([one, two, three].map((p) => p.socket.id).sort());
    expect([...(await parent.in('leads').allSockets())].sort()).to.deep.equal([one.socket.id, three.socket.id].sort());
  });

  it('a broadcast emitWithAck that times out rejects with the responses that did arrive', async () => {
    const server = disposer.add(await startServer());
    const pairs = await connectPairs(disposer, server, 'websocket', 3);
    pairs[0]?.client.on('vote', (ack: (n: number) => void) => ack(1));
    pairs[1]?.client.on('vote', (ack: (n: number) => void) => ack(2));
    pairs[2]?.client.on('vote', () => undefined); // never answers
    const error = await server.io.timeout(200).emitWithAck('vote').then(
      () => expect.fail('some client did not answer'),
      (reason: Error & { responses: unknown[] }) => reason,
    );
    expect(error.message).to.match(/timed out/);
    expect(error.responses.slice().sort()).to.deep.equal([1, 2]);
  });

  for (const mode of MODES) {
    it(`never delivers an event after the disconnect it arrived with (${mode})`, async () => {
      const server = disposer.add(await startServer());
      const log: string[] = [];
      const disconnected = new Promise<void>((resolve) => {
        server.io.on('connection', (socket) => {
          // An asynchronous packet middleware: the event is ready only after the disconnect is handled.
          socket.use((_event, next) => setImmediate(next));
          socket.on('test', () => log.push('test'));
          socket.on('disconnect', () => {
            log.push('disconnect');
            setImmediate(() => setImmediate(resolve));
          });
        });
      });
      const client = disposer.add(await connect(server.url, '/', { mode }));
      client.emit('test', Buffer.alloc(10));
      client.disconnect();
      await within(disconnected, 2000, 'the disconnect');
      expect(log).to.deep.equal(['disconnect']);
    });
  }
});
