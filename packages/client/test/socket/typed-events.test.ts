// Typed sockets: io<ServerToClient, ClientToServer>() refuses wrong event names and argument types
// (checked by tsc through @ts-expect-error), and the typed round trip works at run time.
import { expect } from 'chai';
import { Disposer } from '../../../server/test/helpers/index.js';
import { Server } from '../../../server/src/index.js';
import { io, type ConnectError, type DisconnectReason, type Socket } from '../../src/index.js';
import { connect, next } from './support/clients.js';
import { startRtio } from './support/servers.js';

interface ServerToClientEvents {
  news: (title: string, count: number) => void;
  ask: (question: string, ack: (answer: number) => void) => void;
}

interface ClientToServerEvents {
  hello: (name: string) => void;
  sum: (a: number, b: number, ack: (total: number) => void) => void;
}

/** Compiled, never run: each @ts-expect-error must be an error for tsc to pass. */
export function typeChecks(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
  socket.emit('hello', 'ada');
  socket.emit('sum', 1, 2, (total) => {
    const n: number = total;
    void n;
  });
  socket.on('news', (title, count) => {
    const t: string = title;
    const c: number = count;
    void [t, c];
  });
  socket.on('ask', (_question, ack) => ack(42));
  socket.on('connect', () => {});
  socket.on('disconnect', (reason) => {
    const r: DisconnectReason = reason;
    void r;
  });
  socket.on('connect_error', (error) => {
    const e: ConnectError = error;
    void e;
  });

  // @ts-expect-error unknown event name on emit
  socket.emit('helo', 'ada');
  // @ts-expect-error wrong argument type on emit
  socket.emit('hello', 42);
  // @ts-expect-error missing argument on emit
  socket.emit('sum', 1);
  // @ts-expect-error the ack callback gets a number, not a string
  socket.emit('sum', 1, 2, (total: string) => void total);
  // @ts-expect-error a server→client event is not emitted by the client
  socket.emit('news', 'title', 1);
  // @ts-expect-error unknown event name on on
  socket.on('newz', () => {});
  // @ts-expect-error wrong listener argument type on on
  socket.on('news', (title: number) => void title);
  // @ts-expect-error a client→server event is not listened to on the client
  socket.on('hello', (name: string) => void name);
  // @ts-expect-error the ack of "ask" takes a number
  socket.on('ask', (_question, ack) => ack('forty-two'));
  // @ts-expect-error reserved events keep their own signatures
  socket.on('disconnect', (reason: number) => void reason);
  // @ts-expect-error reserved names cannot be emitted
  socket.emit('connect');

  // socket.timeout(ms): the ack callback takes the error first.
  socket.timeout(100).emit('sum', 1, 2, (error, total) => void [error satisfies Error | null, total satisfies number]);
  // @ts-expect-error with a timeout the first ack argument is the error
  socket.timeout(100).emit('sum', 1, 2, (total: number) => void total);
  // emitWithAck is typed by the event map.
  void socket.emitWithAck('sum', 1, 2).then((total) => total satisfies number);
  // @ts-expect-error unknown event name on emitWithAck
  void socket.emitWithAck('nope');
  // @ts-expect-error wrong argument type on emitWithAck
  void socket.emitWithAck('sum', 1, '2');
  // socket.io is the Manager, with its events typed.
  socket.io.on('reconnect_attempt', (attempt) => void (attempt satisfies number));
  // @ts-expect-error reconnect_attempt gets a number
  socket.io.on('reconnect_attempt', (attempt: string) => void attempt);
}

describe('client socket: typed events', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('a typed socket carries typed events both ways at run time', async () => {
    const server = await startRtio(disposer);
    const typed = server.io as unknown as Server<ClientToServerEvents, ServerToClientEvents>;
    typed.on('connection', (s) => {
      s.on('sum', (a, b, ack) => ack(a + b));
      s.on('hello', (name) => s.emit('news', `hello ${name}`, name.length));
    });
    const socket = await connect<ServerToClientEvents, ClientToServerEvents>(disposer, server.url, 'websocket');
    const news = next<[string, number]>(socket as unknown as Socket, 'news');
    socket.emit('hello', 'ada');
    expect(await news).to.deep.equal(['hello ada', 3]);
    const total = await new Promise<number>((resolve) => socket.emit('sum', 20, 22, resolve));
    expect(total).to.equal(42);
    expect(typeof io).to.equal('function');
  });
});
