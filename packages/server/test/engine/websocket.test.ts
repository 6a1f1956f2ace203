// WebSocket transport: frames both ways, batching under cork, limits, and sharing the http server.
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { expect } from 'chai';
import WebSocket, { WebSocketServer } from 'ws';
import { EngineServer } from '../../src/engine/index.js';
import { Disposer, RawWebSocket } from '../helpers/index.js';
import { record, startEngine, within } from './setup.js';

describe('engine websocket', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('carries text and binary messages both ways, one packet per frame', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    await client.handshake();
    const session = await sessions.next();
    const { messages } = record(session);
    client.send('4hello');
    client.send(Buffer.from([1, 2, 3]));
    expect(await messages.next()).to.equal('hello');
    expect(await messages.next()).to.deep.equal(Buffer.from([1, 2, 3]));
    session.send('hi');
    session.send(Buffer.from([9, 8]));
    session.send(new Uint16Array([1]));
    expect(await client.frames.next()).to.equal('4hi');
    expect(await client.frames.next()).to.deep.equal(Buffer.from([9, 8]));
    expect(await client.frames.next()).to.deep.equal(Buffer.from([1, 0]));
  });

  it('writes the frames of one tick in one socket write', async () => {
    const httpServer = http.createServer();
    const engine = disposer.add(new EngineServer());
    const writes: number[] = [];
    let socketOfSession: Duplex | undefined;
    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socketOfSession = socket;
      engine.handleUpgrade(req, socket, head);
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    disposer.add(() => new Promise<void>((resolve) => httpServer.close(() => resolve())));
    const sessionPromise = new Promise<import('../../src/engine/index.js').EngineSession>((resolve) => engine.once('connection', resolve));
    const { port } = httpServer.address() as import('node:net').AddressInfo;
    const client = disposer.add(await RawWebSocket.connect(`http://127.0.0.1:${port}`));
    await client.handshake();
    const session = await sessionPromise;
    // The engine frames the batch itself: all frames of one tick leave in one write (one "epoch"
    // even if something corks around it).
    const socket = socketOfSession as Duplex & { writableCorked: number };
    let epoch = 0;
    const originalUncork = socket.uncork.bind(socket);
    socket.uncork = () => {
      originalUncork();
      if (socket.writableCorked === 0) epoch++;
    };
    const originalWrite = socket.write.bind(socket);
    socket.write = ((...args: Parameters<Duplex['write']>) => {
      writes.push(epoch);
      return originalWrite(...args);
    }) as Duplex['write'];
    session.send('one');
    session.send('two');
    session.send('three');
    expect(await client.frames.next()).to.equal('4one');
    expect(await client.frames.next()).to.equal('4two');
    expect(await client.frames.next()).to.equal('4three');
    expect(writes, `cork epochs of the writes: ${writes.join(',')}`).to.have.lengthOf(1);
  });

  it('frames every payload length class itself (7-bit, 16-bit and 64-bit lengths; big batches)', async () => {
    const { baseUrl, sessions } = await startEngine(disposer, { maxHttpBufferSize: 1e7 });
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    await client.handshake();
    const session = await sessions.next();
    // The text frame carries the type digit too: 124 + 1 = 125 bytes is the largest 7-bit length.
    const textLengths = [0, 124, 125, 65534, 65535, 70000];
    const binaryLengths = [1, 125, 126, 16383, 16384, 65536, 200000];
    for (const length of textLengths) session.send('é'.repeat(Math.floor(length / 2)) + 'x'.repeat(length % 2));
    for (const length of binaryLengths) session.send(Buffer.alloc(length, length % 251));
    for (const length of textLengths) {
      const expected = `4${'é'.repeat(Math.floor(length / 2))}${'x'.repeat(length % 2)}`;
      expect(await client.frames.next()).to.equal(expected);
    }
    for (const length of binaryLengths) expect(await client.frames.next()).to.deep.equal(Buffer.alloc(length, length % 251));
  });

  it('closes with transport error and 1009 on a message over maxHttpBufferSize', async () => {
    const { baseUrl, sessions } = await startEngine(disposer, { maxHttpBufferSize: 100 });
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    await client.handshake();
    const { closed } = record(await sessions.next());
    client.send(`4${'z'.repeat(200)}`);
    expect((await closed).reason).to.equal('transport error');
    expect((await client.closed).code).to.equal(1009);
  });

  it('closes with parse error on an undecodable frame', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    await client.handshake();
    const { closed } = record(await sessions.next());
    client.send('x-not-a-packet');
    expect((await closed).reason).to.equal('parse error');
    await within(client.closed, 'the socket to close');
  });

  it('closes with transport close when the peer goes away, and on a close packet', async () => {
    const { baseUrl, sessions, engine } = await startEngine(disposer);
    const a = disposer.add(await RawWebSocket.connect(baseUrl));
    await a.handshake();
    const first = record(await sessions.next());
    await a.terminate();
    expect((await first.closed).reason).to.equal('transport close');
    const b = disposer.add(await RawWebSocket.connect(baseUrl));
    await b.handshake();
    const second = record(await sessions.next());
    b.send('1');
    expect((await second.closed).reason).to.equal('transport close');
    expect(engine.clientsCount).to.equal(0);
  });

  it('negotiates permessage-deflate when enabled', async () => {
    const { baseUrl, sessions } = await startEngine(disposer, { perMessageDeflate: { threshold: 0 } });
    const client = disposer.add(await RawWebSocket.connect(baseUrl, { perMessageDeflate: true }));
    expect(String(client.response?.headers['sec-websocket-extensions'])).to.include('permessage-deflate');
    await client.handshake();
    const session = await sessions.next();
    session.send('compressed', { compress: true });
    expect(await client.frames.next()).to.equal('4compressed');
  });

  it('leaves upgrades on other paths to the other listeners of the http server', async () => {
    const httpServer = http.createServer();
    const other = new WebSocketServer({ noServer: true });
    httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (req.url?.startsWith('/other')) other.handleUpgrade(req, socket, head, (ws) => ws.send('from other'));
    });
    disposer.add(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const { baseUrl } = await startEngine(disposer, {}, httpServer);
    const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/other`);
    disposer.add(() => ws.terminate());
    const message = await within(new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data)))), 'a message on /other');
    expect(message).to.equal('from other');
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    expect((await client.handshake()).sid).to.be.a('string');
  });

  it('hands plain requests on other paths to the server’s own handler', async () => {
    const httpServer = http.createServer((_req, res) => res.end('app'));
    const { baseUrl } = await startEngine(disposer, {}, httpServer);
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`${baseUrl}/hello`, { agent: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(body).to.equal('app');
  });
});
