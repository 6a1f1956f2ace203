// Events and acknowledgements in both directions, ack timeouts and emitWithAck.
import { expect } from 'chai';
import { startPair } from './support/clients.js';
import { Disposer } from '../helpers/index.js';
import { deferred, nextEvent, within } from './support/events.js';
import { MODES } from './support/server-under-test.js';

const MIXED = [1, 'two', { three: [3, { four: null }] }, null, true, [1.5, -2, 'x'], '', 0, false] as const;

for (const mode of MODES) {
  describe(`socket layer: events and acks (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    const pair = () => startPair(disposer, mode);

    it('delivers a client event with several arguments of mixed types', async () => {
      const { client, socket } = await pair();
      const received = nextEvent(socket, 'mixed');
      client.emit('mixed', ...MIXED);
      expect(await received).to.deep.equal([...MIXED]);
    });

    it('delivers a server event with several arguments of mixed types', async () => {
      const { client, socket } = await pair();
      const received = nextEvent(client, 'mixed');
      socket.emit('mixed', ...MIXED);
      expect(await received).to.deep.equal([...MIXED]);
    });

    it('keeps the order of many events in both directions', async () => {
      const { client, socket } = await pair();
      const fromClient: number[] = [];
      const fromServer: number[] = [];
      const serverDone = deferred();
      const clientDone = deferred();
      socket.on('seq', (n: number) => (n < 0 ? serverDone.resolve() : fromClient.push(n)));
      client.on('seq', (n: number) => (n < 0 ? clientDone.resolve() : fromServer.push(n)));
      for (let i = 0; i < 50; i++) {
        client.emit('seq', i);
        socket.emit('seq', i);
      }
      client.emit('seq', -1);
      socket.emit('seq', -1);
      await within(Promise.all([serverDone.promise, clientDone.promise]), 3000, 'both sequences');
      const expected = Array.from({ length: 50 }, (_, i) => i);
      expect(fromClient).to.deep.equal(expected);
      expect(fromServer).to.deep.equal(expected);
    });

    it('answers a client ack from a server listener, with several values', async () => {
      const { client, socket } = await pair();
      socket.on('double', (n: number, ack: (...r: unknown[]) => void) => ack(n * 2, 'ok', { n }));
      const answered = deferred<unknown[]>();
      client.emit('double', 21, (...response: unknown[]) => answered.resolve(response));
      expect(await within(answered.promise, 2000, 'the ack')).to.deep.equal([42, 'ok', { n: 21 }]);
    });

    it('calls the server callback with the client ack', async () => {
      const { client, socket } = await pair();
      client.on('question', (q: string, cb: (...r: unknown[]) => void) => cb(`answer to ${q}`, 7));
      const answered = deferred<unknown[]>();
      socket.emit('question', 'life', (...response: unknown[]) => answered.resolve(response));
      expect(await within(answered.promise, 2000, 'the ack')).to.deep.equal(['answer to life', 7]);
    });

    it('acks each of several concurrent server emits with its own answer', async () => {
      const { client, socket } = await pair();
      client.on('square', (n: number, cb: (r: number) => void) => cb(n * n));
      const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => socket.emitWithAck('square', n)));
      expect(answers).to.deep.equal([1, 4, 9, 16, 25]);
    });

    it('gives socket.timeout(ms).emit an error-first callback when the client answers', async () => {
      const { client, socket } = await pair();
      client.on('ping', (cb: (r: string) => void) => cb('pong'));
      const answered = deferred<unknown[]>();
      socket.timeout(2000).emit('ping', (...args: unknown[]) => answered.resolve(args));
      expect(await within(answered.promise, 3000, 'the ack')).to.deep.equal([null, 'pong']);
    });

    it('fails socket.timeout(ms).emit with a timeout error when the client never answers', async () => {
      const { client, socket } = await pair();
      const heard = nextEvent(client, 'silent');
      const answered = deferred<unknown[]>();
      const started = Date.now();
      socket.timeout(100).emit('silent', 'x', (...args: unknown[]) => answered.resolve(args));
      await heard; // the client got it, and has no ack callback to call
      const [error, ...rest] = await within(answered.promise, 2000, 'the timeout');
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.equal('operation has timed out');
      expect(rest).to.deep.equal([]);
      expect(Date.now() - started).to.be.at.least(90);
    });

    it('resolves socket.emitWithAck with the client answer', async () => {
      const { client, socket } = await pair();
      client.on('add', (a: number, b: number, cb: (sum: number) => void) => cb(a + b));
      expect(await socket.emitWithAck('add', 2, 3)).to.equal(5);
    });

    it('rejects socket.timeout(ms).emitWithAck when the client never answers', async () => {
      const { socket } = await pair();
      const outcome = await socket.timeout(100).emitWithAck('nobody-listens').then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      expect(outcome).to.have.property('error').that.is.instanceOf(Error);
      expect((outcome as { error: Error }).error.message).to.equal('operation has timed out');
    });

    it('resolves a client emitWithAck with the server answer', async () => {
      const { client, socket } = await pair();
      socket.on('upper', (text: string, ack: (r: string) => void) => ack(text.toUpperCase()));
      expect(await client.timeout(2000).emitWithAck('upper', 'shout')).to.equal('SHOUT');
    });

    it('answers a client ack at most once', async () => {
      const { client, socket } = await pair();
      socket.on('twice', (ack: (r: number) => void) => {
        ack(1);
        ack(2);
      });
      const answers: unknown[] = [];
      const first = deferred();
      client.emit('twice', (r: unknown) => {
        answers.push(r);
        first.resolve();
      });
      await within(first.promise, 2000, 'the ack');
      // A round trip after it: a second ACK would have arrived before this answer.
      socket.on('sync', (ack: () => void) => ack());
      await client.timeout(2000).emitWithAck('sync');
      expect(answers).to.deep.equal([1]);
    });

    it('refuses to emit a reserved event name', async () => {
      const { socket } = await pair();
      for (const name of ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']) {
        expect(() => socket.emit(name), name).to.throw(/reserved/);
      }
    });
  });
}
