// The Engine.IO surface Socket.IO apps and plugins use: socket.conn (transport, events, ids),
// socket.client, and io.engine (connection events, response headers, generateId), through socket.io-client.
import { expect } from 'chai';
import WebSocket from 'ws';
import type { EnginePacket } from '@rtio/protocol';
import { Disposer } from '../helpers/index.js';
import { MODES, connect, connectPair, createSocket, startServer } from './support/server-under-test.js';
import { nextEvent, within } from './support/events.js';
import type { EngineSession, Socket } from '../../src/index.js';

describe('socket layer: socket.conn, socket.client and io.engine as in Socket.IO', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    it(`socket.conn and socket.client describe the connection (${mode})`, async () => {
      const server = disposer.add(await startServer());
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      // Right after connecting, an upgrading client may have switched a moment before the server.
      if (mode !== 'upgrade') expect(socket.conn.transport.name).to.equal(client.io.engine.transport.name);
      if (mode === 'upgrade') expect(socket.conn.transport.name).to.be.oneOf(['polling', 'websocket']);
      else expect(socket.conn.transport.name).to.equal(mode);
      expect(socket.conn.id).to.equal(client.io.engine.id);
      expect(socket.conn.readyState).to.equal('open');
      expect(socket.conn.protocol).to.equal(4);
      expect(socket.client.id).to.equal(socket.conn.id);
      expect(socket.client.conn).to.equal(socket.conn);
      expect(socket.client.request).to.equal(socket.request);
      expect(server.io.engine.clientsCount).to.equal(1);
      expect(server.io.engine.clients).to.deep.equal({ [socket.conn.id]: socket.conn });
    });
  }

  it("hands the new transport object to 'upgrading' and 'upgrade'", async () => {
    const server = disposer.add(await startServer());
    const upgraded = new Promise<string[]>((resolve) => {
      server.io.on('connection', (socket) => {
        const seen: string[] = [`start:${socket.conn.transport.name}`];
        socket.conn.on('upgrading', (transport) => seen.push(`upgrading:${transport.name}`, `upgrading:${String(socket.conn.upgrading)}`));
        socket.conn.on('upgrade', (transport) => {
          seen.push(`upgrade:${transport.name}`, `now:${socket.conn.transport.name}`, `upgrading:${String(socket.conn.upgrading)}`, `same:${String(transport === socket.conn.transport)}`);
          resolve(seen);
        });
      });
    });
    disposer.add(await connect(server.url, '/', { mode: 'upgrade' }));
    expect(await within(upgraded, 3000, 'the upgrade')).to.deep.equal([
      'start:polling',
      'upgrading:websocket',
      'upgrading:true',
      'upgrade:websocket',
      'now:websocket',
      'upgrading:false',
      'same:true',
    ]);
  });

  it("reports every packet both ways ('packet', 'packetCreate'), 'flush', 'drain', 'heartbeat' and 'close'", async () => {
    const server = disposer.add(await startServer({ pingInterval: 50, pingTimeout: 1000 }));
    const { client, socket } = await connectPair(server, 'websocket');
    disposer.add(client);
    const incoming: EnginePacket[] = [];
    const outgoing: EnginePacket[] = [];
    const events: string[] = [];
    socket.conn.on('packet', (packet) => incoming.push(packet));
    socket.conn.on('packetCreate', (packet) => outgoing.push(packet));
    socket.conn.on('flush', () => events.push('flush'));
    socket.conn.on('drain', () => events.push('drain'));
    await nextEvent(socket.conn, 'heartbeat');
    expect(incoming.map((p) => p.type)).to.include('pong');
    expect(outgoing.map((p) => p.type)).to.include('ping');

    const answered = nextEvent(client, 'answer');
    socket.on('question', () => socket.emit('answer', 42));
    client.emit('question', 'life');
    await answered;
    expect(incoming).to.deep.include({ type: 'message', data: '2["question","life"]' });
    expect(outgoing.filter((p) => p.type === 'message').map((p) => p.data)).to.include('2["answer",42]');
    expect(events).to.include.members(['flush', 'drain']);

    const closed = nextEvent<[string, unknown]>(socket.conn, 'close');
    client.io.engine.close();
    const [reason] = await closed;
    expect(reason).to.equal('transport close');
    expect(socket.conn.readyState).to.equal('closed');
  });

  it("emits 'connection' on io.engine with the Engine.IO session, and 'connection_error' for refusals", async () => {
    const server = disposer.add(await startServer({ allowRequest: (_req, callback) => callback('go away', false) }));
    const refused = nextEvent<[{ code: number; message: string; context: unknown; req: unknown }]>(server.io.engine, 'connection_error');
    const client = disposer.add(createSocket(server.url, '/', { mode: 'polling' }));
    const [error] = await refused;
    expect(error.code).to.equal(4);
    expect(error.message).to.equal('go away');
    expect(error.req).to.have.property('headers');
    await nextEvent(client, 'connect_error');

    const open = disposer.add(await startServer());
    const sessions = nextEvent<[EngineSession]>(open.io.engine, 'connection');
    const pair = await connectPair(open, 'polling');
    disposer.add(pair.client);
    const [session] = await sessions;
    expect(session).to.equal(pair.socket.conn);
    expect(session.transport.name).to.equal('polling');
  });

  it("lets 'initial_headers' and 'headers' set response headers, on polling and on the 101", async () => {
    const server = disposer.add(await startServer());
    const seen: string[] = [];
    server.io.engine.on('initial_headers', (headers, req) => {
      seen.push(`initial:${/transport=(\w+)/.exec(req.url ?? '')?.[1]}`);
      headers['X-Initial'] = 'yes';
    });
    server.io.engine.on('headers', (headers) => {
      seen.push('headers');
      headers['X-Every'] = 'yes';
    });
    disposer.add(await connect(server.url, '/', { mode: 'polling' }));
    expect(seen.filter((s) => s.startsWith('initial'))).to.deep.equal(['initial:polling']);
    expect(seen.filter((s) => s === 'headers').length).to.be.greaterThan(1); // the handshake GET and the CONNECT's POST at least

    const handshake = await fetch(`${server.url}/rt/?EIO=4&transport=polling`);
    expect(handshake.headers.get('x-initial')).to.equal('yes');
    expect(handshake.headers.get('x-every')).to.equal('yes');
    const sid = (JSON.parse((await handshake.text()).slice(1)) as { sid: string }).sid;
    const poll = await fetch(`${server.url}/rt/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '40' });
    expect(poll.headers.get('x-initial')).to.equal(null);
    expect(poll.headers.get('x-every')).to.equal('yes');

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rt/?EIO=4&transport=websocket`);
    disposer.add({ close: () => ws.terminate() });
    const [response] = await nextEvent<[{ headers: Record<string, string> }]>(ws, 'upgrade');
    expect(response.headers['x-initial']).to.equal('yes');
    expect(response.headers['x-every']).to.equal('yes');
  });

  it('takes session ids from io.engine.generateId, sync or async, and refuses the handshake when it throws', async () => {
    const server = disposer.add(await startServer());
    let count = 0;
    server.io.engine.generateId = () => `custom-${++count}`;
    const sync = disposer.add(await connect(server.url, '/', { mode: 'websocket' }));
    expect(sync.io.engine.id).to.equal('custom-1');
    server.io.engine.generateId = async () => `later-${++count}`;
    const polling = disposer.add(await connect(server.url, '/', { mode: 'polling' }));
    expect(polling.io.engine.id).to.equal('later-2');
    const [socket] = [...server.io.of('/').sockets.values()].filter((s: Socket) => s.conn.id === 'later-2');
    expect(socket?.conn.transport.name).to.equal('polling');

    server.io.engine.generateId = () => {
      throw new Error('no ids today');
    };
    const refused = nextEvent<[{ code: number; context: { name: string; error: Error } }]>(server.io.engine, 'connection_error');
    const client = disposer.add(createSocket(server.url, '/', { mode: 'websocket' }));
    const [error] = await refused;
    expect(error.code).to.equal(3);
    expect(error.context.name).to.equal('ID_GENERATION_ERROR');
    expect(error.context.error.message).to.equal('no ids today');
    await nextEvent(client, 'connect_error');
  });

  it("sets the session cookie of the 'cookie' option on handshakes (polling and the 101), not on later requests", async () => {
    const server = disposer.add(await startServer({ cookie: { name: 'lb', maxAge: 60 } }));
    const client = disposer.add(await connect(server.url, '/', { mode: 'polling' })); // an official client still connects
    expect(client.connected).to.equal(true);
    const handshake = await fetch(`${server.url}/rt/?EIO=4&transport=polling`);
    const opened = (JSON.parse((await handshake.text()).slice(1)) as { sid: string }).sid;
    expect(handshake.headers.get('set-cookie')).to.equal(`lb=${opened}; Max-Age=60; Path=/; HttpOnly; SameSite=Lax`);
    const later = await fetch(`${server.url}/rt/?EIO=4&transport=polling&sid=${opened}`, { method: 'POST', body: '40' });
    expect(later.headers.get('set-cookie')).to.equal(null);

    const defaults = disposer.add(await startServer({ cookie: true }));
    const ws = new WebSocket(`ws://127.0.0.1:${defaults.port}/rt/?EIO=4&transport=websocket`);
    disposer.add({ close: () => ws.terminate() });
    const upgraded = nextEvent<[{ headers: Record<string, string[]> }]>(ws, 'upgrade');
    const opens = nextEvent<[Buffer]>(ws, 'message'); // comes right after the 101
    const [[response], [message]] = await Promise.all([upgraded, opens]);
    const { sid: wsSid } = JSON.parse(message.toString().slice(1)) as { sid: string };
    expect(response.headers['set-cookie']).to.deep.equal([`io=${wsSid}; Path=/; HttpOnly; SameSite=Lax`]);

    const none = disposer.add(await startServer());
    expect((await fetch(`${none.url}/rt/?EIO=4&transport=polling`)).headers.get('set-cookie')).to.equal(null);
  });
});
