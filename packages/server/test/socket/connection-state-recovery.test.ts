// Connection state recovery against the official socket.io-client 4.8: after a short drop the
// client comes back with the same id, rooms, data and every packet it missed, in order, once.
// Beyond Socket.IO: recoverable before the first event, and volatile events carry offsets too.
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import { InMemoryAdapter } from '../../src/index.js';
import { Disposer } from '../helpers/index.js';
import { nextEvent } from './support/events.js';
import type { Socket } from '../../src/index.js';
import { MODES, connectPair, startServer, type ClientSocket, type Pair, type ServerUnderTest } from './support/server-under-test.js';

/** An offset as rtio writes it: `<epoch>.<sequence in base 36>`. */
const OFFSET = /^[\w-]{8}\.[0-9a-z]+$/;

/** Every event the client's app sees, as [event, ...args]. */
function record(client: ClientSocket): unknown[][] {
  const seen: unknown[][] = [];
  client.onAny((...args: unknown[]) => seen.push(args));
  return seen;
}

/** Kills the client's transport as a network drop would (the server sees `transport close`); resolves once the server socket is gone. */
async function drop(pair: Pair): Promise<void> {
  const gone = nextEvent<[string]>(pair.socket, 'disconnect');
  (pair.client.io.engine as unknown as { close(): void }).close();
  const [reason] = await gone;
  expect(reason).to.equal('transport close');
}

/** Waits for the client's reconnection and the server's new socket for it. */
async function reconnection(server: ServerUnderTest, client: ClientSocket): Promise<Socket> {
  const [socket] = await Promise.all([nextEvent<[Socket]>(server.io, 'connection', 4000).then(([s]) => s), nextEvent(client, 'connect', 4000)]);
  return socket;
}

describe('connection state recovery (socket.io-client 4.8)', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    it(`restores id, rooms, data and the missed broadcasts and direct emits in order (${mode})`, async () => {
      const server = disposer.add(await startServer({ connectionStateRecovery: {} }));
      server.io.on('connection', (socket) => {
        if (socket.recovered) return;
        socket.join('room1');
        socket.data.name = 'alice';
      });
      const pair = await connectPair(server, mode, '/', { reconnection: true, reconnectionDelay: 10, reconnectionDelayMax: 10 });
      disposer.add({ close: () => pair.client.close() });
      const seen = record(pair.client);
      const first = nextEvent(pair.client, 'first');
      server.io.emit('first');
      await first;
      const id = pair.client.id;
      const oldSocket = pair.socket;

      await drop(pair);
      server.io.emit('b1');
      server.io.to('room1').emit('b2', { n: 2 });
      server.io.to('other').emit('not for it');
      server.io.except('room1').emit('not for it either');
      oldSocket.emit('d1', 'direct'); // the app still holds the old socket
      const socket = await reconnection(server, pair.client);

      expect(socket.recovered).to.equal(true);
      expect(pair.client.recovered).to.equal(true);
      expect(socket.id).to.equal(id);
      expect(pair.client.id).to.equal(id);
      expect([...socket.rooms].sort()).to.deep.equal([id, 'room1'].sort());
      expect(socket.data).to.deep.equal({ name: 'alice' });
      const last = nextEvent(pair.client, 'after');
      socket.emit('after');
      await last;
      // socket.io-client hands the offset to the app as a last string argument, as with Socket.IO.
      expect(seen.map((args) => args.slice(0, -1))).to.deep.equal([['first'], ['b1'], ['b2', { n: 2 }], ['d1', 'direct'], ['after']]);
      for (const args of seen) expect(args[args.length - 1]).to.be.a('string').and.match(OFFSET);
    });
  }

  it('recovers a client that had received no event yet (Socket.IO cannot)', async () => {
    const server = disposer.add(await startServer({ connectionStateRecovery: {} }));
    const pair = await connectPair(server, 'websocket', '/', { reconnection: true, reconnectionDelay: 10, reconnectionDelayMax: 10 });
    disposer.add({ close: () => pair.client.close() });
    const seen = record(pair.client);
    await drop(pair);
    server.io.emit('missed', 1);
    const socket = await reconnection(server, pair.client);
    expect(socket.recovered).to.equal(true);
    const after = nextEvent(pair.client, 'after');
    socket.emit('after');
    await after;
    expect(seen.map((args) => args.slice(0, -1))).to.deep.equal([['missed', 1], ['after']]);
  });

  it('the CONNECT reply carries a pid; events with an ack carry no offset; volatile ones do', async () => {
    const server = disposer.add(await startServer({ connectionStateRecovery: {} }));
    const pair = await connectPair(server, 'websocket');
    disposer.add({ close: () => pair.client.close() });
    expect((pair.client as unknown as { _pid?: string })._pid).to.be.a('string').with.length.greaterThan(10);
    const acked = new Promise<unknown[]>((resolve) => pair.client.once('ask', (...args: unknown[]) => resolve(args)));
    void pair.socket.timeout(1000).emitWithAck('ask', 'q').catch(() => undefined);
    const askArgs = await acked;
    expect(askArgs[0]).to.equal('q');
    expect(askArgs[1]).to.be.a('function');
    const volatile = nextEvent<unknown[]>(pair.client, 'v');
    pair.socket.volatile.emit('v', 'x');
    const [value, offset] = await volatile;
    expect(value).to.equal('x');
    expect(offset).to.be.a('string').and.match(OFFSET);
  });

  it('runs the middlewares again with skipMiddlewares: false, and not by default', async () => {
    for (const skipMiddlewares of [true, false]) {
      const server = disposer.add(await startServer({ connectionStateRecovery: { skipMiddlewares } }));
      const runs: boolean[] = [];
      server.io.use((socket, next) => {
        runs.push((socket as Socket).recovered);
        next();
      });
      const pair = await connectPair(server, 'websocket', '/', { reconnection: true, reconnectionDelay: 10, reconnectionDelayMax: 10 });
      disposer.add({ close: () => pair.client.close() });
      await drop(pair);
      const socket = await reconnection(server, pair.client);
      expect(socket.recovered).to.equal(true);
      expect(runs).to.deep.equal(skipMiddlewares ? [false] : [false, true]);
    }
  });

  it('starts afresh (recovered: false) after maxDisconnectionDuration, for an unknown pid, and after a client namespace disconnect', async () => {
    const clock = new ManualClock();
    const server = disposer.add(await startServer({ connectionStateRecovery: { maxDisconnectionDuration: 1000 }, clock }));
    const pair = await connectPair(server, 'websocket', '/', { reconnection: true, reconnectionDelay: 10, reconnectionDelayMax: 10 });
    disposer.add({ close: () => pair.client.close() });
    await drop(pair);
    clock.advance(1001);
    const expired = await reconnection(server, pair.client);
    expect(expired.recovered).to.equal(false);
    expect(pair.client.recovered).to.equal(false);
    expect(pair.client.id).to.equal(expired.id);

    (pair.client as unknown as { _pid: string })._pid = 'not-a-session';
    const current = server.io.sockets.sockets.get(pair.client.id as string)!;
    await drop({ client: pair.client, socket: current });
    (pair.client as unknown as { _pid: string })._pid = 'not-a-session';
    const unknown = await reconnection(server, pair.client);
    expect(unknown.recovered).to.equal(false);

    const gone = nextEvent(unknown, 'disconnect');
    pair.client.disconnect();
    await gone;
    const [again] = await Promise.all([nextEvent<[Socket]>(server.io, 'connection').then(([s]) => s), nextEvent(pair.client.connect(), 'connect')]);
    expect(again.recovered).to.equal(false);
  });

  it('with an adapter that keeps no offsets (the Redis one, for now) sends no pid and leaves events as they are', async () => {
    class WithoutOffsets extends InMemoryAdapter {
      override currentOffset(): undefined {
        return undefined;
      }
    }
    const server = disposer.add(await startServer({ connectionStateRecovery: {}, adapter: WithoutOffsets }));
    const pair = await connectPair(server, 'websocket');
    disposer.add({ close: () => pair.client.close() });
    expect((pair.client as unknown as { _pid?: string })._pid).to.equal(undefined);
    const event = nextEvent<unknown[]>(pair.client, 'e');
    pair.socket.emit('e', 'last');
    expect(await event).to.deep.equal(['last']);
  });
});
