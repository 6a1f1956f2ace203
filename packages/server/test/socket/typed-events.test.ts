// Typed events: the event maps given to Server<…> are enforced by tsc (the @ts-expect-error lines
// are the assertions: tsc fails if one of them stops being an error), plus one runtime exchange.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { nextEvent } from './support/events.js';
import { Server } from '../../src/index.js';
import { connect } from './support/server-under-test.js';

interface ClientToServerEvents {
  hello: (name: string, ack: (greeting: string) => void) => void;
  move: (x: number, y: number) => void;
}

interface ServerToClientEvents {
  news: (title: string, count: number) => void;
  ask: (question: string, ack: (answer: boolean) => void) => void;
}

interface InterServerEvents {
  sync: (version: number) => void;
}

interface SocketData {
  user: string;
  age: number;
}

type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Never called: tsc checks it. */
export function typeChecks(io: TypedServer): void {
  io.on('connection', (socket) => {
    socket.on('hello', (name, ack) => ack(`hi ${name.toUpperCase()}`));
    socket.on('move', (x, y) => void (x + y));
    // @ts-expect-error: not a client-to-server event
    socket.on('unknown', () => undefined);
    // @ts-expect-error: move takes numbers
    socket.on('move', (x: string) => void x);
    // @ts-expect-error: news is a server-to-client event
    socket.on('news', () => undefined);

    socket.emit('news', 'title', 1);
    socket.emit('ask', 'ready?', (answer) => void (answer satisfies boolean));
    // @ts-expect-error: count must be a number
    socket.emit('news', 'title', 'one');
    // @ts-expect-error: not a server-to-client event
    socket.emit('nope');
    // @ts-expect-error: hello is a client-to-server event
    socket.emit('hello', 'x', () => undefined);
    // @ts-expect-error: the ack gets a boolean
    socket.emit('ask', 'ready?', (answer: string) => void answer);

    socket.data.user = 'bob';
    socket.data.age = 42;
    // @ts-expect-error: user is a string
    socket.data.user = 42;
    // @ts-expect-error: not a SocketData member
    socket.data.missing = 1;

    socket.to('room').emit('news', 'title', 2);
    // @ts-expect-error: count must be a number
    socket.broadcast.emit('news', 'title', '2');
  });

  io.emit('news', 'title', 3);
  // @ts-expect-error: count must be a number
  io.emit('news', 'title', 'three');
  // @ts-expect-error: not a server-to-client event
  io.emit('hello', 'x');

  io.to('room').emit('news', 'title', 4);
  io.to(['a', 'b']).except('c').emit('news', 'title', 5);
  // @ts-expect-error: not a server-to-client event
  io.to('room').emit('unknown');
  // @ts-expect-error: count must be a number
  io.in('room').emit('news', 'title', null);

  io.of('/admin').emit('news', 'admin', 6);
  // @ts-expect-error: not a server-to-client event
  io.of('/admin').emit('move', 1, 2);

  io.serverSideEmit('sync', 1);
  // @ts-expect-error: version is a number
  io.serverSideEmit('sync', '1');
  // @ts-expect-error: not an inter-server event
  io.serverSideEmit('news', 'title', 1);
  io.of('/').on('sync', (version) => void (version satisfies number));
  io.on('sync', (version) => void (version satisfies number));
  // @ts-expect-error: sync gets a number
  io.on('sync', (version: string) => void version);

  io.on('connection', (socket) => {
    socket.timeout(100).emit('ask', 'ready?', (error, answer) => void [error satisfies Error | null, answer satisfies boolean]);
    // @ts-expect-error: with a timeout the ack gets the error first
    socket.timeout(100).emit('ask', 'ready?', (answer: boolean) => void answer);
    socket.volatile.emit('news', 'title', 7);
    // @ts-expect-error: count must be a number
    socket.volatile.emit('news', 'title', '7');
    // @ts-expect-error: not a server-to-client event
    socket.compress(false).emit('hello', 'x', () => undefined);
    void socket.timeout(100).emitWithAck('ask', 'ready?').then((answer) => answer satisfies boolean);
  });
}

describe('socket layer: typed events', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('exchanges typed events at run time', async () => {
    const httpServer = http.createServer();
    const io: TypedServer = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
      path: '/rt/',
    });
    disposer.add(async () => {
      await io.close();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
    io.on('connection', (socket) => {
      socket.data = { user: 'ann', age: 30 };
      socket.on('hello', (name, ack) => {
        socket.emit('news', 'welcome', 1);
        ack(`hi ${name} (${socket.data.user})`);
      });
    });
    const { port } = httpServer.address() as AddressInfo;
    const client = disposer.add(await connect(`http://127.0.0.1:${port}`));
    const news = nextEvent(client, 'news');
    expect(await client.timeout(2000).emitWithAck('hello', 'bob')).to.equal('hi bob (ann)');
    expect(await news).to.deep.equal(['welcome', 1]);
  });

  it('routes io.on(<inter-server event>) to the main namespace, as Socket.IO does', () => {
    const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>({ path: '/rt/' });
    disposer.add(() => io.close());
    const versions: number[] = [];
    io.on('sync', (version) => versions.push(version));
    // What an adapter calls when another node runs io.serverSideEmit('sync', 7).
    io.sockets.receiveServerSideEmit(['sync', 7]);
    expect(versions).to.deep.equal([7]);
  });
});
