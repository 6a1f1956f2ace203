// Disconnect reasons as the server socket reports them, and the 'disconnecting' event.
import { expect } from 'chai';
import { startPair } from './support/clients.js';
import { Disposer, RawPolling, RawWebSocket } from '../helpers/index.js';
import { nextEvent } from './support/events.js';
import { MODES, startServer, type ServerUnderTest } from './support/server-under-test.js';
import type { Socket } from '../../src/index.js';

for (const mode of MODES) {
  describe(`socket layer: disconnect reasons (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    const pair = () => startPair(disposer, mode);

    it('socket.disconnect(): "server namespace disconnect", and "io server disconnect" on the client', async () => {
      const { client, socket } = await pair();
      const serverSide = nextEvent(socket, 'disconnect');
      const clientSide = nextEvent(client, 'disconnect');
      socket.disconnect();
      expect((await serverSide)[0]).to.equal('server namespace disconnect');
      expect((await clientSide)[0]).to.equal('io server disconnect');
      expect(client.active).to.equal(false);
    });

    it('client socket.disconnect(): "client namespace disconnect"', async () => {
      const { client, socket } = await pair();
      const serverSide = nextEvent(socket, 'disconnect');
      client.disconnect();
      expect((await serverSide)[0]).to.equal('client namespace disconnect');
    });

    it('io.close(): "server shutting down", and the client sees its transport go', async () => {
      const { server, client, socket } = await pair();
      const serverSide = nextEvent(socket, 'disconnect');
      const clientSide = nextEvent(client, 'disconnect');
      await server.io.close();
      expect((await serverSide)[0]).to.equal('server shutting down');
      // Socket.IO's own client reports 'transport error' when a held polling request is cut.
      expect((await clientSide)[0]).to.be.oneOf(['transport close', 'transport error']);
    });

    it('client engine closed: "transport close"', async () => {
      const { client, socket } = await pair();
      const serverSide = nextEvent(socket, 'disconnect');
      client.io.engine.close();
      expect((await serverSide)[0]).to.equal('transport close');
    });

    it("fires 'disconnecting' with the rooms intact, then 'disconnect' with none", async () => {
      const { client, socket } = await pair();
      socket.join(['room1', 'room2']);
      const seen: unknown[] = [];
      // Read the rooms inside the listeners: by the next microtask they are gone.
      socket.once('disconnecting', (reason) => seen.push(['disconnecting', reason, [...socket.rooms].sort()]));
      socket.once('disconnect', (reason) => seen.push(['disconnect', reason, [...socket.rooms]]));
      const done = nextEvent(socket, 'disconnect');
      client.disconnect();
      await done;
      expect(seen).to.deep.equal([
        ['disconnecting', 'client namespace disconnect', [socket.id, 'room1', 'room2'].sort()],
        ['disconnect', 'client namespace disconnect', []],
      ]);
    });
  });
}

describe('socket layer: disconnect reasons (raw clients)', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  async function rawSocket(server: ServerUnderTest, autoPong = true): Promise<{ raw: RawWebSocket; socket: Socket }> {
    const raw = disposer.add(await RawWebSocket.connect(server.url, { autoPong }));
    await raw.handshake();
    const reply = await raw.connectNamespace('/');
    const sid = (reply.data as { sid: string }).sid;
    const socket = server.io.of('/').sockets.get(sid);
    if (!socket) throw new Error(`no server socket ${sid}`);
    return { raw, socket };
  }

  it('an undecodable Engine.IO packet over WebSocket: "parse error", connection closed', async () => {
    const server = disposer.add(await startServer());
    const { raw, socket } = await rawSocket(server);
    const gone = nextEvent(socket, 'disconnect');
    raw.send('x-not-a-packet');
    expect((await gone)[0]).to.equal('parse error');
    await raw.closed;
  });

  it('an undecodable Engine.IO packet over polling: "parse error"', async () => {
    const server = disposer.add(await startServer());
    const raw = disposer.add(await RawPolling.handshake(server.url));
    await raw.post('40');
    const [reply] = await raw.getSocketPackets();
    const socket = server.io.of('/').sockets.get(((reply as { data?: { sid: string } }).data as { sid: string }).sid)!;
    const gone = nextEvent(socket, 'disconnect');
    await raw.post('x-not-a-packet');
    expect((await gone)[0]).to.equal('parse error');
  });

  it('no pong within pingTimeout: "ping timeout"', async () => {
    const server = disposer.add(await startServer({ pingInterval: 50, pingTimeout: 50 }));
    const { raw, socket } = await rawSocket(server, false);
    const gone = nextEvent(socket, 'disconnect');
    expect((await gone)[0]).to.equal('ping timeout');
    await raw.closed;
  });

  it('a client that answers pings stays connected past several ping intervals', async () => {
    const server = disposer.add(await startServer({ pingInterval: 50, pingTimeout: 50 }));
    const { raw, socket } = await rawSocket(server, true);
    for (let i = 0; i < 4; i++) await raw.frames.waitFor((frame) => frame === '2', 1000, 'a ping');
    expect(socket.connected).to.equal(true);
  });

  it('a client that vanishes without a close: "transport close"', async () => {
    const server = disposer.add(await startServer());
    const { raw, socket } = await rawSocket(server);
    const gone = nextEvent(socket, 'disconnect');
    await raw.terminate();
    expect((await gone)[0]).to.equal('transport close');
  });
});
