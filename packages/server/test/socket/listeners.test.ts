// Catch-all listeners (onAny, prependAny, offAny, onAnyOutgoing) and the volatile/compress flags.
import { expect } from 'chai';
import { startPair } from './support/clients.js';
import { Disposer } from '../helpers/index.js';
import { deferred, nextEvent, within } from './support/events.js';
import { MODES, type ClientSocket } from './support/server-under-test.js';
import type { Socket } from '../../src/index.js';

/** A client round trip: everything the client sent before it has been handled by the server. */
async function sync(client: ClientSocket, socket: Socket): Promise<void> {
  if (socket.listeners('sync').length === 0) socket.on('sync', (ack: () => void) => ack());
  await client.timeout(2000).emitWithAck('sync');
}

/** Whether the server can write to this socket's transport right now (polling: a GET is held). */
function writable(socket: Socket): boolean {
  return socket.conn.writable;
}

/** Waits (checking every few ms, failing after the guard) until the transport is writable. */
async function untilWritable(socket: Socket, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!writable(socket)) {
    if (Date.now() > deadline) throw new Error(`transport not writable within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

for (const mode of MODES) {
  describe(`socket layer: catch-all listeners and flags (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    const pair = () => startPair(disposer, mode);

    it('calls onAny listeners with the event name and arguments, before the event listeners', async () => {
      const { client, socket } = await pair();
      const calls: unknown[][] = [];
      socket.onAny((event, ...args) => calls.push(['any', event, ...args]));
      socket.on('hello', (...args: unknown[]) => calls.push(['hello', ...args]));
      client.emit('hello', 1, { two: 2 });
      client.emit('unheard', 'x');
      await sync(client, socket);
      const relevant = calls.filter((call) => call[1] !== 'sync');
      expect(relevant).to.have.deep.members([
        ['any', 'hello', 1, { two: 2 }],
        ['hello', 1, { two: 2 }],
        ['any', 'unheard', 'x'],
      ]);
      expect(relevant.findIndex((call) => call[0] === 'any' && call[1] === 'hello')).to.be.below(
        relevant.findIndex((call) => call[0] === 'hello'),
      );
    });

    it('hands onAny the ack function of an event', async () => {
      const { client, socket } = await pair();
      socket.onAny((event, ...args) => {
        const ack = args[args.length - 1];
        if (event === 'via-any' && typeof ack === 'function') ack('from any');
      });
      expect(await client.timeout(2000).emitWithAck('via-any')).to.equal('from any');
    });

    it('runs prependAny listeners first and lists them with listenersAny()', async () => {
      const { client, socket } = await pair();
      const order: string[] = [];
      const first = () => order.push('first');
      const second = () => order.push('second');
      socket.onAny(first);
      socket.prependAny(second);
      expect(socket.listenersAny()).to.deep.equal([second, first]);
      client.emit('e');
      await sync(client, socket);
      expect(order.slice(0, 2)).to.deep.equal(['second', 'first']);
    });

    it('removes one catch-all listener with offAny(fn), and all with offAny()', async () => {
      const { client, socket } = await pair();
      const calls: string[] = [];
      const a = (event: string) => calls.push(`a:${event}`);
      const b = (event: string) => calls.push(`b:${event}`);
      socket.onAny(a);
      socket.onAny(b);
      socket.offAny(a);
      client.emit('one');
      await sync(client, socket);
      socket.offAny();
      client.emit('two');
      await sync(client, socket);
      expect(calls).to.deep.equal(['b:one', 'b:sync']);
      expect(socket.listenersAny()).to.deep.equal([]);
    });

    it('calls onAnyOutgoing listeners for what the socket emits', async () => {
      const { client, socket } = await pair();
      const outgoing: unknown[][] = [];
      socket.onAnyOutgoing((event, ...args) => outgoing.push([event, ...args]));
      const received = nextEvent(client, 'out');
      socket.emit('out', 1, 'b');
      await received;
      expect(outgoing).to.deep.equal([['out', 1, 'b']]);
      socket.offAnyOutgoing();
      socket.emit('out', 2);
      expect(outgoing).to.have.length(1);
    });

    it('calls onAnyOutgoing listeners for broadcasts that reach the socket', async () => {
      const { server, client, socket } = await pair();
      const outgoing: unknown[][] = [];
      socket.onAnyOutgoing((event, ...args) => outgoing.push([event, ...args]));
      const received = nextEvent(client, 'news');
      server.io.emit('news', 'hot');
      await received;
      expect(outgoing).to.deep.equal([['news', 'hot']]);
    });

    it('delivers a volatile emit when the transport is writable, in order with the others', async () => {
      const { client, socket } = await pair();
      const seen: string[] = [];
      const done = deferred();
      client.onAny((event: string) => {
        seen.push(event);
        if (event === 'after') done.resolve();
      });
      await untilWritable(socket);
      socket.volatile.emit('volatile-news', 1);
      socket.emit('after');
      await within(done.promise, 2000, 'the event after the volatile one');
      expect(seen).to.deep.equal(['volatile-news', 'after']);
    });

    it('delivers a volatile broadcast when the transport is writable', async () => {
      const { server, client, socket } = await pair();
      await untilWritable(socket);
      const received = nextEvent(client, 'volatile-all');
      server.io.volatile.emit('volatile-all', 'x');
      expect(await received).to.deep.equal(['x']);
    });

    it('delivers events sent with compress(false), from the socket and as a broadcast', async () => {
      const { server, client, socket } = await pair();
      const one = nextEvent(client, 'plain');
      socket.compress(false).emit('plain', 'a'.repeat(2000));
      expect(await one).to.deep.equal(['a'.repeat(2000)]);
      const two = nextEvent(client, 'plain-all');
      server.io.compress(false).emit('plain-all', 2);
      expect(await two).to.deep.equal([2]);
      const three = nextEvent(client, 'flags');
      socket.compress(false).timeout(2000).emit('flags', 3, (error: Error | null) => void error);
      expect((await three)[0]).to.equal(3);
    });
  });
}
