// Connection middlewares (io.use, namespace.use) and per-packet middlewares (socket.use).
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { nextEvent } from './support/events.js';
import { MODES, connect, connectPair, startServer } from './support/server-under-test.js';

type ErrorWithData = Error & { data?: unknown };

function refusal(message: string, data?: unknown): ErrorWithData {
  const error: ErrorWithData = new Error(message);
  if (data !== undefined) error.data = data;
  return error;
}

/** Connects and expects a connect_error; resolves with it. */
async function refused(promise: Promise<unknown>): Promise<ErrorWithData> {
  return promise.then(
    () => {
      throw new Error('expected connect_error, but the client connected');
    },
    (error: ErrorWithData) => error,
  );
}

for (const mode of MODES) {
  describe(`socket layer: middleware (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    it('refuses a connection when io.use calls next(err): connect_error with message and data', async () => {
      const server = disposer.add(await startServer());
      let connections = 0;
      server.io.on('connection', () => connections++);
      server.io.use((_socket, next) => next(refusal('not authorized', { code: 401, hint: 'log in' })));
      const error = await refused(connect(server.url, '/', { mode }));
      expect(error.message).to.equal('not authorized');
      expect(error.data).to.deep.equal({ code: 401, hint: 'log in' });
      expect(connections).to.equal(0);
      expect(server.io.of('/').sockets.size).to.equal(0);
    });

    it('runs connection middlewares in order, asynchronously, with the handshake', async () => {
      const server = disposer.add(await startServer());
      const order: string[] = [];
      server.io.use((socket, next) => {
        order.push(`first:${String(socket.handshake.auth.token)}`);
        setImmediate(next);
      });
      server.io.use((_socket, next) => {
        order.push('second');
        next();
      });
      server.io.on('connection', () => order.push('connection'));
      disposer.add(await connect(server.url, '/', { mode, auth: { token: 't' } }));
      expect(order).to.deep.equal(['first:t', 'second', 'connection']);
    });

    it('stops at the first middleware that refuses', async () => {
      const server = disposer.add(await startServer());
      const ran: string[] = [];
      server.io.use((_socket, next) => {
        ran.push('a');
        next(refusal('stop'));
      });
      server.io.use((_socket, next) => {
        ran.push('b');
        next();
      });
      expect((await refused(connect(server.url, '/', { mode }))).message).to.equal('stop');
      expect(ran).to.deep.equal(['a']);
    });

    it('applies io.of(name).use to that namespace only, and io.use to the main one only', async () => {
      const server = disposer.add(await startServer());
      server.io.of('/x').use((socket, next) => (socket.handshake.auth.pass === 'yes' ? next() : next(refusal('x only'))));
      server.io.of('/open');
      server.io.use((_socket, next) => next(refusal('main only')));
      expect((await refused(connect(server.url, '/x', { mode }))).message).to.equal('x only');
      disposer.add(await connect(server.url, '/x', { mode, auth: { pass: 'yes' } }));
      disposer.add(await connect(server.url, '/open', { mode }));
      expect((await refused(connect(server.url, '/', { mode }))).message).to.equal('main only');
    });

    it('lets a refused client connect to another namespace over the same connection', async () => {
      const server = disposer.add(await startServer());
      server.io.use((_socket, next) => next(refusal('no main')));
      server.io.of('/side').on('connection', (socket) => socket.on('hi', (ack: (r: string) => void) => ack('side')));
      const error = await refused(connect(server.url, '/', { mode, forceNew: false }));
      expect(error.message).to.equal('no main');
      const side = disposer.add(await connect(server.url, '/side', { mode }));
      expect(await side.timeout(2000).emitWithAck('hi')).to.equal('side');
    });

    it('blocks an event when socket.use calls next(err): an error event, no listener call', async () => {
      const server = disposer.add(await startServer());
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      const seen: unknown[] = [];
      socket.use(([event, ...args], next) => {
        seen.push([event, ...args]);
        next(event === 'forbidden' ? new Error('no') : undefined);
      });
      let called = 0;
      socket.on('forbidden', () => called++);
      socket.on('allowed', (ack: (r: string) => void) => ack('ok'));
      const error = nextEvent<[Error]>(socket, 'error');
      client.emit('forbidden', 1, 2);
      expect((await error)[0].message).to.equal('no');
      expect(await client.timeout(2000).emitWithAck('allowed')).to.equal('ok');
      expect(called).to.equal(0);
      expect(seen[0]).to.deep.equal(['forbidden', 1, 2]);
    });

    it('runs socket.use middlewares in order and lets them rewrite the arguments', async () => {
      const server = disposer.add(await startServer());
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      const order: string[] = [];
      socket.use((packet, next) => {
        order.push('first');
        if (packet[0] === 'greet') packet[1] = String(packet[1]).toUpperCase();
        next();
      });
      socket.use((_packet, next) => {
        order.push('second');
        setImmediate(next);
      });
      socket.on('greet', (name: string, ack: (r: string) => void) => ack(`hello ${name}`));
      expect(await client.timeout(2000).emitWithAck('greet', 'ann')).to.equal('hello ANN');
      expect(order).to.deep.equal(['first', 'second']);
    });
  });
}
