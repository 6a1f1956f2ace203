// Volatile packets are dropped, not queued, while the transport cannot take them.
import { expect } from 'chai';
import { PacketType } from '@rtio/protocol';
import { Disposer, RawPolling } from '../helpers/index.js';
import { nextEvent } from './support/events.js';
import { startServer } from './support/server-under-test.js';
import type { Socket } from '../../src/index.js';

describe('socket layer: volatile', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('drops a volatile emit while no poll is held, and keeps a normal one', async () => {
    const server = disposer.add(await startServer());
    const client = disposer.add(await RawPolling.handshake(server.url));
    const connected = nextEvent(server.io, 'connection');
    await client.post('40');
    const [socket] = (await connected) as [Socket];
    const connectReply = await client.getSocketPackets();
    expect(connectReply.map((p) => p.type)).to.deep.equal([PacketType.CONNECT]);

    // No GET is held now: the polling transport is not writable.
    expect(socket.conn.writable).to.equal(false);
    socket.volatile.emit('dropped', 1);
    socket.emit('kept', 2);
    const packets = await client.getSocketPackets();
    expect(packets.map((p) => ('data' in p ? p.data : undefined))).to.deep.equal([['kept', 2]]);
  });

  it('sends a volatile emit while the transport is writable', async () => {
    const server = disposer.add(await startServer());
    const client = disposer.add(await RawPolling.handshake(server.url));
    const connected = nextEvent(server.io, 'connection');
    await client.post('40');
    const [socket] = (await connected) as [Socket];
    await client.getSocketPackets();
    const arrived = new Promise<void>((resolve) => server.httpServer.once('request', () => setImmediate(resolve)));
    const held = client.getSocketPackets();
    await arrived;
    expect(socket.conn.writable).to.equal(true);
    socket.volatile.emit('sent', 3);
    expect((await held).map((p) => ('data' in p ? p.data : undefined))).to.deep.equal([['sent', 3]]);
  });
});
