// Events and acks both ways: mixed arguments, ack callbacks, timeouts, emitWithAck, ackTimeout, retries, reserved names.
import { expect } from 'chai';
import { Disposer } from '../../../server/test/helpers/index.js';
import { Manager, io } from '../../src/index.js';
import { MODES, deferred, next, within } from './support/clients.js';
import { rtioPair, serverNext } from './support/pairs.js';

const MIXED = [1, 'two', { three: [3, { four: null }] }, null, true, -0.5, ''] as const;

describe('client socket: events and acks', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it('client → server with mixed arguments', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const heard = serverNext(socket, 'mixed');
        client.emit('mixed', ...MIXED);
        expect(await heard).to.deep.equal([...MIXED]);
      });

      it('server → client with mixed arguments', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const heard = next(client, 'mixed');
        socket.emit('mixed', ...MIXED);
        expect(await heard).to.deep.equal([...MIXED]);
      });

      it('client ack: the callback gets what the server acked', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        socket.on('sum', (a: number, b: number, ack: (...r: unknown[]) => void) => ack(a + b, 'ok', { a, b }));
        const answer = deferred<unknown[]>();
        client.emit('sum', 2, 3, (...response: unknown[]) => answer.resolve(response));
        expect(await within(answer.promise, 2000, 'the ack')).to.deep.equal([5, 'ok', { a: 2, b: 3 }]);
      });

      it('server ack: the client listener gets an ack function last', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        client.on('ask', (question: string, ack: (...r: unknown[]) => void) => ack(`re: ${question}`, 42));
        expect(await socket.timeout(2000).emitWithAck('ask', 'hello')).to.equal('re: hello');
        const all = deferred<unknown[]>();
        socket.timeout(2000).emit('ask', 'again', (error: Error | null, ...response: unknown[]) => all.resolve([error, ...response]));
        expect(await within(all.promise, 2000, 'the server ack')).to.deep.equal([null, 're: again', 42]);
      });

      it('timeout(ms).emit: the callback gets an error when the server never answers', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const seen = serverNext(socket, 'ignored');
        const result = deferred<unknown[]>();
        client.timeout(50).emit('ignored', 1, (...args: unknown[]) => result.resolve(args));
        expect(await seen).to.have.length(2); // 1 and the (unused) ack function
        const [error, ...rest] = await within(result.promise, 2000, 'the timeout');
        expect(error).to.be.instanceOf(Error);
        expect((error as Error).message).to.equal('operation has timed out');
        expect(rest).to.deep.equal([]);
      });

      it('timeout(ms).emit: error-first (null, ...response) when the server answers', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        socket.on('fast', (ack: (r: string) => void) => ack('done'));
        const result = deferred<unknown[]>();
        client.timeout(2000).emit('fast', (...args: unknown[]) => result.resolve(args));
        expect(await within(result.promise, 2000, 'the ack')).to.deep.equal([null, 'done']);
      });

      it('emitWithAck resolves with the first ack argument; with timeout() it rejects', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        socket.on('double', (n: number, ack: (r: number, extra: string) => void) => ack(n * 2, 'extra'));
        expect(await client.emitWithAck('double', 21)).to.equal(42);
        expect(await client.timeout(2000).emitWithAck('double', 4)).to.equal(8);
        const error = await client.timeout(50).emitWithAck('nobody-answers').then(
          () => expect.fail('emitWithAck should have rejected'),
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(Error);
      });

      it('emitWithAck without a timeout rejects when the socket disconnects before the answer', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const received = new Promise<void>((resolve) => socket.on('hold', () => resolve()));
        const pending = client.emitWithAck('hold').then(
          () => expect.fail('emitWithAck should have rejected'),
          (e: unknown) => e,
        );
        await within(received, 2000, 'the event on the server');
        socket.disconnect();
        const error = await within(pending, 2000, 'the rejection');
        expect(error).to.be.instanceOf(Error);
        expect((error as Error).message).to.equal('socket has been disconnected');
      });

      it('removeListener() and removeEventListener() take a listener off, as off() does', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const heard: string[] = [];
        const viaNode = (): number => heard.push('removeListener');
        const viaDom = (): number => heard.push('removeEventListener');
        const kept = (): number => heard.push('kept');
        client.on('news', viaNode).on('news', viaDom).on('news', kept);
        expect(client.removeListener('news', viaNode)).to.equal(client);
        client.removeEventListener('news', viaDom);
        expect(client.listeners('news')).to.deep.equal([kept]);
        const done = next(client, 'done');
        socket.emit('news');
        socket.emit('done'); // after 'news' on the same connection
        await done;
        expect(heard).to.deep.equal(['kept']);
      });

      it('ackTimeout option: acks are error-first and time out', async () => {
        const { client, socket } = await rtioPair(disposer, mode, { ackTimeout: 50 });
        socket.on('answered', (ack: (r: string) => void) => ack('yes'));
        const answered = deferred<unknown[]>();
        client.emit('answered', (...args: unknown[]) => answered.resolve(args));
        expect(await within(answered.promise, 2000, 'the ack')).to.deep.equal([null, 'yes']);
        const silent = deferred<unknown[]>();
        client.emit('silent', (...args: unknown[]) => silent.resolve(args));
        const [error] = await within(silent.promise, 2000, 'the ackTimeout');
        expect(error).to.be.instanceOf(Error);
        const rejected = await client.emitWithAck('silent').then(
          () => expect.fail('emitWithAck should have rejected (ackTimeout)'),
          (e: unknown) => e,
        );
        expect(rejected).to.be.instanceOf(Error);
      });

      it('retries: 2 resends until acked, one emit at a time and in order', async () => {
        const { client, socket } = await rtioPair(disposer, mode, { retries: 2, ackTimeout: 100 });
        const seen: string[] = [];
        socket.on('job', (name: string, ack: (r: string) => void) => {
          seen.push(name);
          if (name === 'A' && seen.filter((n) => n === 'A').length === 1) return; // drop A's first attempt
          ack(`done ${name}`);
        });
        const results: unknown[][] = [];
        const a = deferred<void>();
        const b = deferred<void>();
        client.emit('job', 'A', (...args: unknown[]) => (results.push(['A', ...args]), a.resolve()));
        client.emit('job', 'B', (...args: unknown[]) => (results.push(['B', ...args]), b.resolve()));
        await within(Promise.all([a.promise, b.promise]), 3000, 'both acks');
        expect(seen).to.deep.equal(['A', 'A', 'B']);
        expect(results).to.deep.equal([
          ['A', null, 'done A'],
          ['B', null, 'done B'],
        ]);
      });

      it('retries with emitWithAck: resolves with the value once an attempt is acked', async () => {
        const { client, socket } = await rtioPair(disposer, mode, { retries: 1, ackTimeout: 100 });
        let attempts = 0;
        socket.on('flaky', (ack: (r: string) => void) => {
          if (++attempts === 2) ack('second time');
        });
        expect(await client.emitWithAck('flaky')).to.equal('second time');
        expect(attempts).to.equal(2);
      });

      it('retries: gives up after 1 + retries attempts with the timeout error', async () => {
        const { client, socket } = await rtioPair(disposer, mode, { retries: 2, ackTimeout: 30 });
        const seen: string[] = [];
        socket.on('never', (name: string) => void seen.push(name));
        socket.on('after', (ack: (r: string) => void) => ack('ok'));
        const result = deferred<unknown[]>();
        client.emit('never', 'X', (...args: unknown[]) => result.resolve(args));
        const after = deferred<unknown[]>();
        client.emit('after', (...args: unknown[]) => after.resolve(args));
        const [error] = await within(result.promise, 3000, 'the last retry to time out');
        expect(error).to.be.instanceOf(Error);
        expect(await within(after.promise, 2000, 'the next queued emit')).to.deep.equal([null, 'ok']);
        expect(seen).to.deep.equal(['X', 'X', 'X']);
      });
    });
  }

  it('send() emits "message"', async () => {
    const { client, socket } = await rtioPair(disposer, 'websocket');
    const heard = serverNext(socket, 'message');
    client.send('hi', 2);
    expect(await heard).to.deep.equal(['hi', 2]);
  });

  it('reserved event names throw on emit', () => {
    const socket = io('http://127.0.0.1:1', { forceNew: true, autoConnect: false });
    for (const name of ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']) {
      expect(() => socket.emit(name), name).to.throw(Error, `"${name}" is a reserved event name`); // socket.io-client's words
    }
    expect(socket.active).to.equal(false);
  });

  it('an event name that is not a string throws on emit, before anything is queued', () => {
    const socket = io('http://127.0.0.1:1', { forceNew: true, autoConnect: false });
    for (const name of [42, undefined, { toString: () => 'x' }]) {
      expect(() => (socket.emit as (...args: unknown[]) => unknown)(name, 'a'), String(name)).to.throw(TypeError, /event names are strings/);
    }
  });

  it('a namespace with a comma is refused where it comes in, not sent', () => {
    expect(() => io('http://127.0.0.1:1/a,b', { forceNew: true, autoConnect: false })).to.throw(TypeError, /namespace "\/a,b"/);
    const manager = new Manager('http://127.0.0.1:1', { autoConnect: false });
    expect(() => manager.socket('admin')).to.throw(TypeError, /must start with "\/"/);
  });
});
