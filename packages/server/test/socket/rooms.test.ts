// Rooms and broadcasting: join/leave, to/in/except, socket.to and broadcast, broadcast acks.
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { counts, connectPairs, received } from './support/clients.js';
import { deferred, nextEvent, within } from './support/events.js';
import { MODES, startServer } from './support/server-under-test.js';

for (const mode of MODES) {
  describe(`socket layer: rooms and broadcasts (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    async function setup(count: number) {
      const server = disposer.add(await startServer());
      const pairs = await connectPairs(disposer, server, mode, count);
      return { server, pairs };
    }

    it('joins one room and many, leaves one, and always keeps its own id room', async () => {
      const { pairs } = await setup(1);
      const { socket } = pairs[0]!;
      expect([...socket.rooms]).to.deep.equal([socket.id]);
      socket.join('a');
      socket.join(['b', 'c']);
      expect([...socket.rooms].sort()).to.deep.equal([socket.id, 'a', 'b', 'c'].sort());
      socket.leave('b');
      expect([...socket.rooms].sort()).to.deep.equal([socket.id, 'a', 'c'].sort());
    });

    it('io.to(room) and io.in(room) reach the members only', async () => {
      const { server, pairs } = await setup(3);
      pairs[0]!.socket.join('r');
      pairs[1]!.socket.join('r');
      expect(await counts(server, pairs, 'news', () => server.io.to('r').emit('news', 1))).to.deep.equal([1, 1, 0]);
      expect(await counts(server, pairs, 'news', () => server.io.in('r').emit('news', 2))).to.deep.equal([1, 1, 0]);
      const [args] = await received(server, pairs, 'news', () => server.io.to('r').emit('news', 'x', { y: 1 }));
      expect(args).to.deep.equal([['x', { y: 1 }]]);
    });

    it('io.except(room) reaches everyone else, and combines with to()', async () => {
      const { server, pairs } = await setup(3);
      pairs[0]!.socket.join(['r', 'all']);
      pairs[1]!.socket.join('all');
      pairs[2]!.socket.join('all');
      expect(await counts(server, pairs, 'news', () => server.io.except('r').emit('news'))).to.deep.equal([0, 1, 1]);
      const withTo = () => server.io.to('all').except(['r', pairs[2]!.socket.id]).emit('news');
      expect(await counts(server, pairs, 'news', withTo)).to.deep.equal([0, 1, 0]);
    });

    it('io.to([a, b]) delivers once to a socket in both rooms', async () => {
      const { server, pairs } = await setup(3);
      pairs[0]!.socket.join(['a', 'b']);
      pairs[1]!.socket.join('b');
      expect(await counts(server, pairs, 'news', () => server.io.to(['a', 'b']).emit('news'))).to.deep.equal([1, 1, 0]);
      expect(await counts(server, pairs, 'news', () => server.io.to('a').to('b').emit('news'))).to.deep.equal([1, 1, 0]);
    });

    it('io.to(socketId) reaches that one socket', async () => {
      const { server, pairs } = await setup(2);
      expect(await counts(server, pairs, 'dm', () => server.io.to(pairs[1]!.socket.id).emit('dm'))).to.deep.equal([0, 1]);
    });

    it('socket.to(room) leaves the sender out', async () => {
      const { server, pairs } = await setup(3);
      for (const { socket } of pairs.slice(0, 2)) socket.join('r');
      const sender = pairs[0]!.socket;
      expect(await counts(server, pairs, 'msg', () => sender.to('r').emit('msg', 'hi'))).to.deep.equal([0, 1, 0]);
      expect(await counts(server, pairs, 'msg', () => sender.in('r').emit('msg', 'hi'))).to.deep.equal([0, 1, 0]);
    });

    it('socket.broadcast reaches every other socket, and except() narrows it', async () => {
      const { server, pairs } = await setup(3);
      const sender = pairs[1]!.socket;
      expect(await counts(server, pairs, 'msg', () => sender.broadcast.emit('msg'))).to.deep.equal([1, 0, 1]);
      pairs[2]!.socket.join('quiet');
      expect(await counts(server, pairs, 'msg', () => sender.broadcast.except('quiet').emit('msg'))).to.deep.equal([1, 0, 0]);
    });

    it('leaving a room stops its broadcasts', async () => {
      const { server, pairs } = await setup(2);
      for (const { socket } of pairs) socket.join('r');
      pairs[0]!.socket.leave('r');
      expect(await counts(server, pairs, 'news', () => server.io.to('r').emit('news'))).to.deep.equal([0, 1]);
    });

    it('io.timeout(ms).emit collects one ack per recipient', async () => {
      const { server, pairs } = await setup(3);
      pairs.forEach(({ client }, i) => client.on('count', (cb: (n: number) => void) => cb(i)));
      const done = deferred<[Error | null, unknown[]]>();
      server.io.timeout(2000).emit('count', (error: Error | null, responses: unknown[]) => done.resolve([error, responses]));
      const [error, responses] = await within(done.promise, 3000, 'the broadcast ack');
      expect(error).to.equal(null);
      expect([...responses].sort()).to.deep.equal([0, 1, 2]);
    });

    it('io.to(room).timeout(ms).emit collects acks from the room only', async () => {
      const { server, pairs } = await setup(3);
      pairs.forEach(({ client }, i) => client.on('count', (cb: (n: number) => void) => cb(i)));
      pairs[1]!.socket.join('r');
      pairs[2]!.socket.join('r');
      const done = deferred<[Error | null, unknown[]]>();
      server.io.to('r').timeout(2000).emit('count', (error: Error | null, responses: unknown[]) => done.resolve([error, responses]));
      const [error, responses] = await within(done.promise, 3000, 'the broadcast ack');
      expect(error).to.equal(null);
      expect([...responses].sort()).to.deep.equal([1, 2]);
    });

    it('gives a timeout error and the partial responses when one recipient does not answer', async () => {
      const { server, pairs } = await setup(2);
      pairs[0]!.client.on('count', (cb: (n: string) => void) => cb('answered'));
      const heard = nextEvent(pairs[1]!.client, 'count');
      const done = deferred<[Error | null, unknown[]]>();
      server.io.timeout(200).emit('count', (error: Error | null, responses: unknown[]) => done.resolve([error, responses]));
      await heard; // the silent one got it too
      const [error, responses] = await within(done.promise, 2000, 'the broadcast timeout');
      expect(error).to.be.instanceOf(Error);
      expect(error?.message).to.equal('operation has timed out');
      expect(responses).to.deep.equal(['answered']);
    });

    it('answers a broadcast ack with no recipients at once with no responses', async () => {
      const { server } = await setup(1);
      const done = deferred<[Error | null, unknown[]]>();
      server.io.to('nobody').timeout(5000).emit('count', (error: Error | null, responses: unknown[]) => done.resolve([error, responses]));
      expect(await within(done.promise, 1000, 'the empty broadcast ack')).to.deep.equal([null, []]);
    });

    it('resolves io.timeout(ms).emitWithAck with every response', async () => {
      const { server, pairs } = await setup(2);
      pairs.forEach(({ client }, i) => client.on('q', (x: number, cb: (n: number) => void) => cb(x + i)));
      const responses = await server.io.timeout(2000).emitWithAck('q', 10);
      expect([...responses].sort()).to.deep.equal([10, 11]);
    });

    it('rejects io.timeout(ms).emitWithAck when a recipient does not answer', async () => {
      const { server, pairs } = await setup(2);
      pairs[0]!.client.on('q', (cb: (n: number) => void) => cb(1));
      const outcome = await server.io.timeout(100).emitWithAck('q').then(
        () => 'resolved',
        (error: Error) => error.message,
      );
      expect(outcome).to.equal('operation has timed out');
    });
  });
}
