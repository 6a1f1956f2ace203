// Self-test of the raw-protocol helpers against a real Socket.IO 4.8.3 server (not a workspace dependency).
// Setup: mkdir -p /tmp/sio && cd /tmp/sio && npm init -y && npm i socket.io@4.8.3
// Run:   npx mocha --node-option=import=tsx --node-option=conditions=rtio-source packages/server/test/helpers/raw-client.selftest.ts
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { PacketType } from '@rtio/protocol';
import { Disposer, FrameQueue, FrameQueueError, RawPolling, RawWebSocket, UpgradeRejectedError } from './index.js';

/** The few members of socket.io's Server and Socket this test touches. */
interface SioSocket {
  on(event: string, listener: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): boolean;
}
interface SioServer {
  on(event: 'connection', listener: (socket: SioSocket) => void): void;
  emit(event: string, ...args: unknown[]): boolean;
  close(): Promise<void>;
}
type SioServerClass = new (server: http.Server, options: Record<string, unknown>) => SioServer;

const SOCKET_IO = '/tmp/sio/node_modules/socket.io/dist/index.js';
const { Server } = createRequire(import.meta.url)(SOCKET_IO) as { Server: SioServerClass };

interface Started {
  io: SioServer;
  httpServer: http.Server;
  baseUrl: string;
}

/** A Socket.IO server on an ephemeral port: `echo` acks its arguments back, `bin` re-emits them. */
async function startServer(disposer: Disposer, options: Record<string, unknown> = {}): Promise<Started> {
  const httpServer = http.createServer();
  const io = new Server(httpServer, { path: '/rt/', ...options });
  io.on('connection', (socket) => {
    socket.on('echo', (...args) => {
      const ack = args.pop();
      if (typeof ack === 'function') ack(...args);
    });
    socket.on('bin', (...args) => socket.emit('bin', ...args));
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  disposer.add(() => io.close());
  const { port } = httpServer.address() as AddressInfo;
  return { io, httpServer, baseUrl: `http://127.0.0.1:${port}` };
}

describe('raw-protocol client against Socket.IO 4.8.3', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  describe('RawWebSocket', () => {
    it('handshakes, joins "/" and gets an ack for an event', async () => {
      const { baseUrl } = await startServer(disposer);
      const client = disposer.add(await RawWebSocket.connect(baseUrl));
      expect(client.response?.status).to.equal(101);

      const handshake = await client.handshake();
      expect(handshake).to.include({ pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 });
      expect(handshake.upgrades).to.deep.equal([]);
      expect(handshake.sid).to.be.a('string').with.length(20);

      const reply = await client.connectNamespace('/');
      expect(reply.type).to.equal(PacketType.CONNECT);
      const sid = (reply.data as { sid?: unknown } | undefined)?.sid;
      expect(sid).to.be.a('string').and.not.equal(handshake.sid);

      client.sendSocket({ type: PacketType.EVENT, nsp: '/', id: 7, data: ['echo', 'hi', { n: 42 }] });
      expect(await client.nextSocketPacket()).to.deep.equal({ type: PacketType.ACK, nsp: '/', id: 7, data: ['hi', { n: 42 }] });

      client.send('421["echo",1]');
      expect(await client.frames.next()).to.equal('431[1]');
    });

    it('round-trips binary attachments', async () => {
      const { baseUrl } = await startServer(disposer);
      const client = disposer.add(await RawWebSocket.connect(baseUrl));
      await client.handshake();
      await client.connectNamespace();

      client.sendSocket({ type: PacketType.EVENT, nsp: '/', data: ['bin', Buffer.from([1, 2, 3])] });
      expect(await client.frames.next()).to.equal('451-["bin",{"_placeholder":true,"num":0}]');
      expect(await client.frames.next()).to.deep.equal(Buffer.from([1, 2, 3]));

      client.send('451-["bin",{"_placeholder":true,"num":0}]');
      client.send(Buffer.from([9, 8]));
      const packet = await client.nextSocketPacket();
      expect(packet.type).to.equal(PacketType.BINARY_EVENT);
      expect(packet).to.have.property('data').that.deep.equals(['bin', Buffer.from([9, 8])]);
    });

    it('is closed by the server after a malformed Socket.IO packet', async () => {
      const { baseUrl } = await startServer(disposer);
      const client = disposer.add(await RawWebSocket.connect(baseUrl));
      await client.handshake();
      await client.connectNamespace();

      client.send('49garbage');
      const { code } = await client.closed;
      expect(code).to.equal(1005);
      expect(client.readyState).to.equal('CLOSED');
      expect(client.frames.drain()).to.deep.equal([]);
      await expectRejection(client.frames.next(), /closed \(WebSocket closed with code 1005\)/);
    });

    it('answers pings automatically so the server keeps pinging', async () => {
      const { baseUrl } = await startServer(disposer, { pingInterval: 40, pingTimeout: 200 });
      const client = disposer.add(await RawWebSocket.connect(baseUrl));
      await client.handshake();
      expect(await client.frames.next()).to.equal('2');
      expect(await client.frames.next()).to.equal('2'); // only sent after the server got our pong
    });

    it('rejects with the HTTP answer when the upgrade is refused', async () => {
      const { baseUrl } = await startServer(disposer);
      const failure = await expectRejection(RawWebSocket.connect(baseUrl, { sid: 'not-a-session' }), /HTTP 400/);
      expect(failure).to.be.instanceOf(UpgradeRejectedError);
      expect(failure).to.include({ status: 400, body: 'Session ID unknown' });
    });

    it('records that Socket.IO refuses EIO=3 only after the 101 (its 400 text arrives as a bad frame)', async () => {
      const { baseUrl } = await startServer(disposer);
      const client = disposer.add(await RawWebSocket.connect(baseUrl, { query: { EIO: '3' } }));
      expect(client.response?.status).to.equal(101);
      expect(await client.closed).to.deep.equal({ code: 1006, reason: '' });
      expect(client.errors.map((error) => error.message)).to.deep.equal(['Invalid WebSocket frame: RSV1 must be clear']);
    });

    it('times out frames.next() with a message naming what was awaited', async () => {
      const { baseUrl } = await startServer(disposer);
      const client = disposer.add(await RawWebSocket.connect(baseUrl));
      await client.handshake();
      const error = await expectRejection(client.frames.next(100), /timed out after 100 ms waiting for the next frame/);
      expect(error).to.be.instanceOf(FrameQueueError).with.property('code', 'TIMEOUT');
      await expectRejection(client.nextSocketPacket(50), /timed out after 50 ms waiting for the next Socket.IO packet/);
    });
  });

  describe('RawPolling', () => {
    it('handshakes, posts CONNECT and holds a GET until the server emits', async () => {
      const { io, httpServer, baseUrl } = await startServer(disposer);
      const client = disposer.add(await RawPolling.handshake(baseUrl));
      expect(client.handshake.upgrades).to.deep.equal(['websocket']);
      expect(client.response.headers['content-type']).to.equal('text/plain; charset=UTF-8');

      const posted = await client.post('40');
      expect(posted).to.include({ status: 200, body: 'ok' });
      const [connect] = await client.getSocketPackets();
      expect(connect).to.have.property('type', PacketType.CONNECT);

      // Emit only once the next GET has reached the server: its body can only come from a held poll.
      let emitted = false;
      httpServer.on('request', (req: http.IncomingMessage) => {
        if (req.method !== 'GET' || emitted) return;
        emitted = true;
        io.emit('hello', 'world');
      });
      const held = await client.get();
      expect(emitted).to.equal(true);
      expect(held).to.include({ status: 200, body: '42["hello","world"]' });
    });

    it('answers unknown sessions and wrong methods with Engine.IO errors', async () => {
      const { baseUrl } = await startServer(disposer);
      const stranger = disposer.add(new RawPolling(baseUrl, { sid: 'not-a-session' }));
      const unknown = await stranger.get();
      expect(unknown.status).to.equal(400);
      expect(JSON.parse(unknown.body)).to.deep.equal({ code: 1, message: 'Session ID unknown' });

      const client = disposer.add(await RawPolling.handshake(baseUrl));
      expect((await client.request('PUT')).status).to.equal(500);
      const badHandshake = await client.request('POST', { query: { sid: null }, body: '40' });
      expect(JSON.parse(badHandshake.body)).to.deep.equal({ code: 2, message: 'Bad handshake method' });
    });

    it('aborts a held GET on close()', async () => {
      const { baseUrl } = await startServer(disposer);
      const client = await RawPolling.handshake(baseUrl);
      const held = client.get();
      expect(client.pending).to.equal(1);
      await client.close();
      await expectRejection(held, /RawPolling closed|aborted/i);
      expect(client.pending).to.equal(0);
    });
  });

  describe('FrameQueue and Disposer', () => {
    it('waitFor() keeps skipped items, close() fails waits once the buffer is empty', async () => {
      const queue = new FrameQueue<string>('frame');
      queue.push('2');
      queue.push('6');
      const waiting = queue.waitFor((item) => item.startsWith('4'), 500, 'a message');
      queue.push('42["a"]');
      expect(await waiting).to.equal('42["a"]');
      expect(queue.skipped).to.deep.equal(['2', '6']);

      queue.push('3');
      queue.close('gone');
      expect(await queue.next()).to.equal('3');
      await expectRejection(queue.next(), /closed \(gone\) while waiting for the next frame/);
    });

    it('disposes in reverse order and aggregates failures', async () => {
      const order: string[] = [];
      const local = new Disposer();
      local.add(() => order.push('first'));
      local.add(async () => {
        order.push('second');
        throw new Error('boom');
      });
      local.add({ close: () => order.push('third') });
      const error = await expectRejection(local.disposeAll(), /1 of 3 disposals failed: boom/);
      expect(error).to.be.instanceOf(AggregateError);
      expect(order).to.deep.equal(['third', 'second', 'first']);
      expect(local.size).to.equal(0);
    });
  });
});

async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(pattern);
    return error as Error;
  }
  expect.fail(`expected a rejection matching ${pattern}`);
}
