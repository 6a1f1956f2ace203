// socket.io-client's options and socket members a migrating app passes or reads, against the rtio
// server and against Socket.IO 4.8: transportOptions, timestampParam, addTrailingSlash, forceBase64,
// useNativeTimers, parser, compress(false), sendBuffer and receiveBuffer.
import { expect } from 'chai';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket as NodeSocket } from 'node:net';
import { WebSocketServer } from 'ws';
import * as socketIoParser from 'socket.io-parser';
import msgpackParser from 'socket.io-msgpack-parser';
import { Disposer, FrameQueue } from '../../../server/test/helpers/index.js';
import type { CustomParser } from '../../src/options.js';
import { client, connect, next, within } from './support/clients.js';
import { startHttp, startRtio, startSio } from './support/servers.js';

interface ServerSocket {
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  handshake: { headers: Record<string, string | string[] | undefined> };
  conn: { transport: { socket?: { on(event: 'message', listener: (data: unknown, isBinary: boolean) => void): unknown } } };
}
interface AnyServer {
  io: { on(event: 'connection', listener: (socket: ServerSocket) => void): unknown; engine: { on(event: string, listener: (...args: never[]) => void): unknown } };
  httpServer: http.Server;
  url: string;
}
type Start = (disposer: Disposer, options?: Record<string, unknown>) => Promise<AnyServer>;

const SERVERS: Array<[string, Start]> = [
  ['rtio', (disposer, options) => startRtio(disposer, options) as unknown as Promise<AnyServer>],
  ['Socket.IO 4.8', (disposer, options) => startSio(disposer, options) as unknown as Promise<AnyServer>],
];

/** The next server-side socket. */
function nextServerSocket(server: AnyServer): Promise<ServerSocket> {
  const sockets = new FrameQueue<ServerSocket>('server socket');
  server.io.on('connection', (socket) => sockets.push(socket));
  return sockets.next();
}

/** Resolves with the first polling request URL (as the server saw it) that `accept` takes. */
function pollingUrl(server: AnyServer, accept: (url: string) => boolean = () => true): Promise<string> {
  return within(
    new Promise<string>((resolve) => server.io.engine.on('headers', (_headers: never, req: IncomingMessage) => accept(req.url ?? '') && resolve(req.url ?? ''))),
    2000,
    'a polling request',
  );
}

for (const [serverName, start] of SERVERS) {
  describe(`client options and socket buffers, against ${serverName}`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    it('transportOptions: each transport gets its own extraHeaders', async () => {
      const server = await start(disposer);
      const transportOptions = { polling: { extraHeaders: { 'x-transport': 'polling' } }, websocket: { extraHeaders: { 'x-transport': 'websocket' } } };
      for (const mode of ['polling', 'websocket'] as const) {
        const serverSocket = nextServerSocket(server);
        await connect(disposer, server.url, mode, { transportOptions });
        expect((await serverSocket).handshake.headers['x-transport']).to.equal(mode);
      }
    });

    it('protocols: offered on the websocket upgrade (Sec-WebSocket-Protocol)', async () => {
      const server = await start(disposer);
      const serverSocket = nextServerSocket(server);
      await connect(disposer, server.url, 'websocket', { protocols: ['rtio-test', 'other'] });
      expect((await serverSocket).handshake.headers['sec-websocket-protocol']).to.match(/^rtio-test, ?other$/);
    });

    it('timestampParam names the cache buster of polling requests', async () => {
      const server = await start(disposer);
      const url = pollingUrl(server);
      await connect(disposer, server.url, 'polling', { timestampParam: 'ts' });
      const seen = new URL(await url, 'http://x').searchParams;
      expect(seen.get('ts')).to.match(/^[0-9a-z]+$/);
      expect(seen.has('t')).to.equal(false);
    });

    it('addTrailingSlash: false requests the path as given', async () => {
      const server = await start(disposer, { addTrailingSlash: false });
      const url = pollingUrl(server);
      await connect(disposer, server.url, 'polling', { path: '/rt', addTrailingSlash: false });
      expect(await url).to.match(/^\/rt\?EIO=4&/);
    });

    it('forceBase64: binary goes over the websocket as text and arrives intact', async () => {
      const server = await start(disposer);
      const serverSocket = nextServerSocket(server);
      const socket = await connect(disposer, server.url, 'websocket', { forceBase64: true });
      const s = await serverSocket;
      const frames: boolean[] = [];
      s.conn.transport.socket?.on('message', (_data, isBinary) => frames.push(isBinary)); // Socket.IO exposes its ws
      const received = new Promise<unknown>((resolve) => s.on('bytes', ((bytes: unknown) => resolve(bytes)) as never));
      socket.emit('bytes', Buffer.from([1, 2, 250]));
      expect([...((await within(received, 2000, 'the bytes')) as Buffer)]).to.deep.equal([1, 2, 250]);
      expect(frames).to.not.include(true);
    });

    it('parser: socket.io-parser given as `parser` carries events, binary and acks', async () => {
      const server = await start(disposer);
      server.io.on('connection', (s) => s.on('echo', ((value: unknown, ack: (v: unknown) => void) => ack(value)) as never));
      const socket = await connect(disposer, server.url, 'websocket', { parser: socketIoParser as unknown as CustomParser });
      const reply = await socket.timeout(2000).emitWithAck('echo', { text: 'hi', bytes: Buffer.from([7, 8]) });
      expect(reply).to.deep.equal({ text: 'hi', bytes: Buffer.from([7, 8]) });
    });

    it('compress(false): sent without per-message deflate', async () => {
      const server = await start(disposer, { perMessageDeflate: true });
      const connections: NodeSocket[] = [];
      server.httpServer.on('connection', (c: NodeSocket) => connections.push(c));
      const serverSocket = nextServerSocket(server);
      const socket = await connect(disposer, server.url, 'websocket');
      const s = await serverSocket;
      const bytesRead = () => connections.reduce((sum, c) => sum + c.bytesRead, 0);
      const text = 'a'.repeat(200_000);
      const arrived = () => new Promise<void>((resolve) => s.on('big', (() => resolve()) as never));
      let before = bytesRead();
      let got = arrived();
      socket.emit('big', text);
      await within(got, 2000, 'the compressed emit');
      const compressed = bytesRead() - before;
      before = bytesRead();
      got = arrived();
      socket.compress(false).emit('big', text);
      await within(got, 2000, 'the uncompressed emit');
      const plain = bytesRead() - before;
      expect(compressed).to.be.below(20_000);
      expect(plain).to.be.above(200_000);
    });

    it('socket.auth: assigned before connecting, it is what the CONNECT sends', async () => {
      const server = await start(disposer);
      const serverSocket = nextServerSocket(server);
      const socket = client(disposer, server.url, 'websocket', { autoConnect: false, auth: { token: 'old' } });
      expect(socket.auth).to.deep.equal({ token: 'old' });
      socket.auth = { token: 'new' };
      socket.connect();
      expect(((await serverSocket) as unknown as { handshake: { auth: unknown } }).handshake.auth).to.deep.equal({ token: 'new' });
    });

    it('sendBuffer holds emits made before connecting; clearing it drops them', async () => {
      const server = await start(disposer);
      const received: string[] = [];
      const done = new Promise<void>((resolve) =>
        server.io.on('connection', (s) => s.on('event', ((name: string) => (received.push(name), name === 'last' && resolve())) as never)),
      );
      const socket = client(disposer, server.url, 'websocket', { autoConnect: false });
      socket.emit('event', 'dropped');
      expect(socket.sendBuffer.map((packet) => packet.data)).to.deep.equal([['event', 'dropped']]);
      socket.sendBuffer = [];
      socket.emit('event', 'kept');
      socket.emit('event', 'last');
      socket.connect();
      await within(done, 2000, 'the buffered emits');
      expect(received).to.deep.equal(['kept', 'last']);
      expect(socket.sendBuffer).to.deep.equal([]);
    });
  });
}

describe('client options: useNativeTimers, a custom parser against Socket.IO, receiveBuffer', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('useNativeTimers: timers replaced after rtio loaded (fake timers) are not used', async () => {
    const silent = await startHttp(disposer, () => undefined); // never answers: the handshake timer runs
    const realSetTimeout = globalThis.setTimeout;
    const fakeCalls: number[] = [];
    // A "fake timer" installed after rtio loaded: it records the handshake timeout (777 ms) and delegates.
    globalThis.setTimeout = ((callback: () => void, ms?: number) => {
      if (ms === 777) fakeCalls.push(ms);
      return realSetTimeout(callback, ms);
    }) as typeof setTimeout;
    try {
      for (const useNativeTimers of [true, false]) {
        fakeCalls.length = 0;
        const socket = client(disposer, silent.url, 'polling', { timeout: 777, reconnection: false, useNativeTimers });
        socket.disconnect();
        expect(fakeCalls.length, `useNativeTimers: ${useNativeTimers}`).to.equal(useNativeTimers ? 0 : 1);
      }
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
  });

  it('parser: socket.io-msgpack-parser on both sides, with Socket.IO 4.8', async () => {
    const server = await startSio(disposer, { parser: msgpackParser });
    server.io.on('connection', (s) => s.on('echo', (value: unknown, ack: (v: unknown) => void) => ack(value)));
    const parser = msgpackParser as unknown as CustomParser;
    const socket = await connect(disposer, server.url, 'websocket', { parser });
    const reply = await socket.timeout(2000).emitWithAck('echo', { n: 42, list: ['a', 1] });
    expect(reply).to.deep.equal({ n: 42, list: ['a', 1] });
  });

  it('receiveBuffer: an event that arrives before the CONNECT answer is delivered on connect, before `connect`', async () => {
    // A scripted server: handshake, then an EVENT ahead of its CONNECT answer.
    const httpServer = http.createServer();
    const wss = new WebSocketServer({ server: httpServer });
    wss.on('connection', (ws) => {
      ws.send(`0${JSON.stringify({ sid: 'raw', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 })}`);
      ws.on('message', (data) => {
        if (String(data) !== '40') return;
        ws.send('42["early",1]');
        ws.send('40{"sid":"raw-socket"}');
      });
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
    disposer.add(() => new Promise<void>((resolve) => (wss.close(), httpServer.close(() => resolve()), httpServer.closeAllConnections())));
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    const socket = client(disposer, url, 'websocket', { reconnection: false });
    const order: string[] = [];
    socket.on('early', (n: number) => order.push(`early ${n} (buffered: ${socket.receiveBuffer.length})`));
    socket.on('connect', () => order.push('connect'));
    await next(socket, 'connect');
    expect(order).to.deep.equal(['early 1 (buffered: 0)', 'connect']);
  });
});
