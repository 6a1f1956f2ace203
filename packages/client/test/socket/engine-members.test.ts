// socket.io-client's engine and Manager members a migrating app reads, against the rtio server and
// against Socket.IO 4.8: engine events, transport.query, binaryType, upgradeError, transport errors,
// and the Manager's option methods and `packet` event.
import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import type { Socket as NodeSocket } from 'node:net';
import type { EnginePacket, Packet } from '@rtio/protocol';
import { Disposer } from '../../../server/test/helpers/index.js';
import type { EngineError } from '../../src/engine/index.js';
import { client, connect, managerOf, next, within } from './support/clients.js';
import { startHttp, startRtio, startSio } from './support/servers.js';

interface AnyServer {
  io: {
    on(event: 'connection', listener: (socket: ServerSocket) => void): unknown;
    engine: { on(event: string, listener: (...args: never[]) => void): unknown };
  };
  httpServer: import('node:http').Server;
  url: string;
}
interface ServerSocket {
  id: string;
  emit(event: string, ...args: unknown[]): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  handshake: { headers: Record<string, string | string[] | undefined> };
}

const SERVERS: Array<[string, (disposer: Disposer, options?: Record<string, unknown>) => Promise<AnyServer>]> = [
  ['rtio', (disposer, options) => startRtio(disposer, options) as unknown as Promise<AnyServer>],
  ['Socket.IO 4.8', (disposer, options) => startSio(disposer, options) as unknown as Promise<AnyServer>],
];

for (const [serverName, start] of SERVERS) {
  describe(`client engine and Manager members, against ${serverName}`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    it('engine events: handshake, packet (the open packet first), packetCreate and drain for an emit, ping', async () => {
      const server = await start(disposer, { pingInterval: 40, pingTimeout: 2000 });
      const socket = client(disposer, server.url, 'websocket', { autoConnect: false });
      const created: EnginePacket[] = [];
      const manager = managerOf(socket);
      manager.open(); // the engine exists from here; its packets arrive later
      const engine = manager.engine!;
      engine.on('packetCreate', (packet) => created.push(packet));
      const handshake = next<[{ sid: string; pingInterval: number }]>(engine, 'handshake');
      const firstPacket = next<[EnginePacket]>(engine, 'packet');
      expect((await firstPacket)[0].type).to.equal('open');
      const [data] = await handshake;
      expect(data.sid).to.equal(engine.id);
      expect(data.pingInterval).to.equal(40);
      socket.connect();
      await next(socket, 'connect');
      const drained = next(engine, 'drain');
      socket.emit('hello', 1);
      await drained;
      expect(created.some((packet) => packet.type === 'message' && String(packet.data).includes('"hello"'))).to.equal(true);
      await next(engine, 'ping');
      const pong = await within(
        new Promise<EnginePacket>((resolve) => engine.on('packetCreate', (packet) => packet.type === 'pong' && resolve(packet))),
        2000,
        'the pong',
      );
      expect(pong.type).to.equal('pong');
    });

    it('transport.query has EIO, transport, sid and the query option; a change reaches the next poll', async () => {
      const server = await start(disposer);
      const socket = await connect(disposer, server.url, 'polling', { query: { room: 'a' } });
      const transport = socket.io.engine!.transport!;
      expect(transport.query).to.include({ room: 'a', EIO: '4', transport: 'polling', sid: socket.io.engine!.id });
      const sawToken = new Promise<void>((resolve) =>
        server.io.engine.on('headers', (_headers: never, req: IncomingMessage) => req.url?.includes('token=fresh') && resolve()),
      );
      transport.query.token = 'fresh';
      socket.emit('anything'); // a POST, built with the query as it is now
      await within(sawToken, 2000, 'a polling request with the new query');
    });

    it('binaryType: Node gets Buffers by default, ArrayBuffers once engine.binaryType is set', async () => {
      const server = await start(disposer);
      server.io.on('connection', (s) => s.on('bytes', ((ack: (b: Buffer) => void) => ack(Buffer.from([1, 2, 3]))) as never));
      for (const mode of ['polling', 'websocket'] as const) {
        const socket = await connect(disposer, server.url, mode);
        const engine = socket.io.engine!;
        expect(engine.binaryType).to.equal('nodebuffer');
        expect(Buffer.isBuffer(await socket.emitWithAck('bytes'))).to.equal(true);
        engine.binaryType = 'arraybuffer';
        const received = (await socket.emitWithAck('bytes')) as ArrayBuffer;
        expect(received, mode).to.be.instanceOf(ArrayBuffer);
        expect([...new Uint8Array(received)]).to.deep.equal([1, 2, 3]);
      }
    });

    it('upgradeError: a refused probe is reported, polling carries on', async () => {
      const server = await start(disposer);
      // Refuse the probe (a websocket with a sid) in front of the server; other upgrades go through.
      const upgradeListeners = server.httpServer.listeners('upgrade') as Array<(...args: unknown[]) => void>;
      server.httpServer.removeAllListeners('upgrade');
      server.httpServer.on('upgrade', (req: IncomingMessage, socket: NodeSocket, head: Buffer) => {
        if (req.url?.includes('sid=')) socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        else for (const listener of upgradeListeners) listener.call(server.httpServer, req, socket, head);
      });
      server.io.on('connection', (s) => s.on('ping?', ((ack: (reply: string) => void) => ack('pong')) as never));
      const socket = client(disposer, server.url, 'upgrade');
      const engine = socket.io.engine!; // the probe starts with the handshake: listen before it
      const [error] = await next<[EngineError]>(engine, 'upgradeError');
      expect(error).to.be.instanceOf(Error);
      expect(error.transport).to.equal('websocket');
      if (!socket.connected) await next(socket, 'connect');
      expect(engine.transport!.name).to.equal('polling');
      expect(await socket.timeout(2000).emitWithAck('ping?')).to.equal('pong');
    });

    it('a transport error of an open connection: engine and Manager emit error, then close with "transport error"', async () => {
      const server = await start(disposer);
      const connections: NodeSocket[] = [];
      server.httpServer.on('connection', (c: NodeSocket) => connections.push(c));
      const socket = await connect(disposer, server.url, 'websocket', { reconnection: false });
      const engine = socket.io.engine!;
      const order: string[] = [];
      engine.on('error', () => order.push('engine error'));
      socket.io.on('error', () => order.push('manager error'));
      const closed = next<[string, unknown]>(engine, 'close');
      for (const connection of connections) connection.destroy();
      const [reason, description] = await closed;
      expect(reason).to.equal('transport error');
      expect(description).to.be.instanceOf(Error);
      expect(order).to.have.members(['engine error', 'manager error']);
    });

    it('Manager option methods read and set: reconnection(false) stops reconnecting, timeout(ms) applies to the next open', async () => {
      const server = await start(disposer);
      const socket = await connect(disposer, server.url, 'websocket');
      const manager = managerOf(socket);
      expect(manager.reconnection()).to.equal(true);
      expect(manager.reconnectionDelay()).to.equal(10);
      expect(manager.reconnectionDelayMax(70)).to.equal(manager);
      expect(manager.reconnectionDelayMax()).to.equal(70);
      expect(manager.reconnectionAttempts()).to.equal(Infinity);
      expect(manager.randomizationFactor()).to.equal(0.5);
      expect(manager.reconnection(false)).to.equal(manager);
      const closed = next(manager, 'close');
      manager.engine!.close(); // as if the network dropped: the Manager would reconnect
      await closed;
      await Promise.resolve();
      expect(manager.reconnecting).to.equal(false);

      const silent = await startHttp(disposer, () => undefined); // never answers the handshake
      const late = client(disposer, silent.url, 'polling', { autoConnect: false, reconnection: false });
      managerOf(late).timeout(30);
      late.connect();
      const [error] = await next<[Error]>(late, 'connect_error');
      expect(error.message).to.equal('timeout');
    });

    it("Manager's packet event: each decoded packet, CONNECT and EVENT", async () => {
      const server = await start(disposer);
      server.io.on('connection', (s) => s.emit('welcome', 'hi'));
      const socket = client(disposer, server.url, 'websocket');
      const packets: Packet[] = [];
      socket.io.on('packet', (packet) => packets.push(packet));
      await next(socket, 'welcome');
      expect(packets.map((packet) => packet.type)).to.deep.equal([0, 2]);
      expect(packets[1]).to.deep.include({ nsp: '/', data: ['welcome', 'hi'] });
    });
  });
}
