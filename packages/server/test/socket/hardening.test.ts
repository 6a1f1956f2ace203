// Hardening: application errors are reported and survived; bad input closes only its connection;
// a connection that joins no namespace is closed after connectTimeout.
import { expect } from 'chai';
import { PacketType, ProtocolError } from '@rtio/protocol';
import { Disposer, RawWebSocket } from '../helpers/index.js';
import { nextEvent, within } from './support/events.js';
import { MODES, connect, connectPair, startServer, type ServerUnderTest } from './support/server-under-test.js';
import type { Socket } from '../../src/index.js';

/** Collects what the server reports through io.on('error'). */
function errorLog(server: ServerUnderTest): { entries: Array<{ error: unknown; context: string }>; next: () => Promise<unknown[]> } {
  const entries: Array<{ error: unknown; context: string }> = [];
  server.io.on('error', (error, context) => entries.push({ error, context }));
  return { entries, next: () => nextEvent(server.io, 'error') };
}

for (const mode of MODES) {
  describe(`socket layer: hardening (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    it('reports an exception thrown by an event handler with the event name, and carries on', async () => {
      const server = disposer.add(await startServer());
      const log = errorLog(server);
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      socket.on('boom', () => {
        throw new Error('kaboom');
      });
      socket.on('still', (ack: (r: string) => void) => ack('alive'));
      const reported = log.next();
      client.emit('boom');
      const [error, context] = await reported;
      expect((error as Error).message).to.equal('kaboom');
      expect(context).to.be.a('string').that.contains('boom');
      expect(await client.timeout(2000).emitWithAck('still')).to.equal('alive');
      expect(socket.connected).to.equal(true);
    });

    it('reports an ack reply nested too deep to encode (a circular object), and carries on', async () => {
      const server = disposer.add(await startServer());
      const log = errorLog(server);
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      const loop: Record<string, unknown> = { name: 'loop' };
      loop.self = loop;
      socket.on('reply', (ack: (r: unknown) => void) => ack(loop));
      socket.on('still', (ack: (r: string) => void) => ack('alive'));
      const reported = log.next();
      client.emit('reply', () => expect.fail('a reply that cannot be encoded must not be sent'));
      const [error, context] = await reported;
      expect(error).to.have.property('code', 'NESTING_TOO_DEEP');
      expect(context).to.contain('reply');
      expect(await client.timeout(2000).emitWithAck('still')).to.equal('alive');
    });

    it('reports a rejected promise from an async event handler, and carries on', async () => {
      const server = disposer.add(await startServer());
      const log = errorLog(server);
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      socket.on('async-boom', async () => {
        await Promise.resolve();
        throw new Error('later');
      });
      socket.on('still', (ack: (r: string) => void) => ack('alive'));
      const reported = log.next();
      client.emit('async-boom');
      const [error, context] = await reported;
      expect((error as Error).message).to.equal('later');
      expect(context).to.contain('async-boom');
      expect(await client.timeout(2000).emitWithAck('still')).to.equal('alive');
    });

    it('keeps calling the other listeners of an event after one throws', async () => {
      const server = disposer.add(await startServer());
      errorLog(server);
      const { client, socket } = await connectPair(server, mode);
      disposer.add(client);
      socket.on('e', () => {
        throw new Error('first fails');
      });
      socket.on('e', (ack: (r: string) => void) => ack('second ran'));
      expect(await client.timeout(2000).emitWithAck('e')).to.equal('second ran');
    });

    it('reports a throwing io.use middleware, refuses that client, and keeps serving others', async () => {
      const server = disposer.add(await startServer());
      const log = errorLog(server);
      let calls = 0;
      server.io.use((_socket, next) => {
        if (calls++ === 0) throw new Error('middleware bug');
        next();
      });
      server.io.on('connection', (socket) => socket.on('still', (ack: (r: string) => void) => ack('alive')));
      const refused = await connect(server.url, '/', { mode }).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(refused).to.be.instanceOf(Error);
      expect(log.entries).to.have.length(1);
      expect((log.entries[0]!.error as Error).message).to.equal('middleware bug');
      expect(log.entries[0]!.context).to.contain('middleware');
      const client = disposer.add(await connect(server.url, '/', { mode }));
      expect(await client.timeout(2000).emitWithAck('still')).to.equal('alive');
    });

    it('reports a throwing connection listener, and the socket still works', async () => {
      const server = disposer.add(await startServer());
      const log = errorLog(server);
      server.io.on('connection', (socket) => socket.on('still', (ack: (r: string) => void) => ack('alive')));
      server.io.on('connection', () => {
        throw new Error('handler bug');
      });
      const reported = log.next();
      const client = disposer.add(await connect(server.url, '/', { mode }));
      expect(((await reported)[0] as Error).message).to.equal('handler bug');
      expect(await client.timeout(2000).emitWithAck('still')).to.equal('alive');
    });
  });
}

/**
 * Bad input a raw client may send after joining '/', at both protocol levels, with the ProtocolError
 * code it gets; packets that decode but are out of place get 'forced server close', as in Socket.IO.
 */
const BAD_INPUT: Array<[string, string | Buffer, string?]> = [
  ['an unknown Engine.IO packet type', 'x'],
  ['a Socket.IO packet with broken JSON', '42["oops"'],
  ['an EVENT whose payload is not an array', '42{"a":1}'],
  ['an EVENT with a reserved name', '42["disconnect"]'],
  ['an unknown Socket.IO packet type', '49'],
  ['an attachment nobody announced', Buffer.from([1, 2, 3])],
  ['a packet for a namespace never joined', '42/nowhere,["x"]', 'forced server close'],
  ['a second CONNECT for a joined namespace', '40', 'forced server close'],
  ['a CONNECT_ERROR from the client', '44{"message":"no"}', 'forced server close'],
  ['a payload nested 100,000 levels deep', `42["deep",${'['.repeat(100_000)}${']'.repeat(100_000)}]`],
  ['a binary EVENT announcing 0 attachments', '450-["a"]', 'INVALID_ATTACHMENT_COUNT'],
  ['a binary ACK announcing 0 attachments', '460-1[]', 'INVALID_ATTACHMENT_COUNT'],
];

describe('socket layer: hardening against bad input (raw WebSocket)', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const [what, input, code] of BAD_INPUT) {
    const expected = code === 'forced server close' ? code : 'parse error';
    it(`closes only the connection that sent ${what}, with "${expected}"`, async () => {
      const server = disposer.add(await startServer());
      const { client, socket: goodSocket } = await connectPair(server, 'websocket');
      disposer.add(client);
      goodSocket.on('echo', (value: unknown, ack: (r: unknown) => void) => ack(value));
      const raw = disposer.add(await RawWebSocket.connect(server.url));
      await raw.handshake();
      const reply = await raw.connectNamespace('/');
      expect(reply.type).to.equal(PacketType.CONNECT);
      const badSocket = server.io.of('/').sockets.get((reply.data as { sid: string }).sid) as Socket;
      const gone = nextEvent(badSocket, 'disconnect');
      raw.send(input);
      const [reason, description] = await gone;
      expect(reason).to.equal(expected);
      if (expected === 'forced server close') expect(description).to.be.instanceOf(Error);
      else if (code !== undefined) expect(description).to.be.instanceOf(ProtocolError).and.have.property('code', code);
      await within(raw.closed, 2000, 'the bad connection to close');
      expect(goodSocket.connected).to.equal(true);
      expect(await client.timeout(2000).emitWithAck('echo', 'ok')).to.equal('ok');
    });
  }

  it('closes a connection that joins no namespace within connectTimeout', async () => {
    const server = disposer.add(await startServer({ connectTimeout: 100 }));
    let connections = 0;
    server.io.on('connection', () => connections++);
    const raw = disposer.add(await RawWebSocket.connect(server.url));
    const started = Date.now();
    await raw.handshake();
    await within(raw.closed, 2000, 'the connect timeout');
    expect(Date.now() - started).to.be.at.least(90);
    expect(connections).to.equal(0);
  });

  it('keeps a connection that joined a namespace past connectTimeout', async () => {
    const server = disposer.add(await startServer({ connectTimeout: 50, pingInterval: 50 }));
    const raw = disposer.add(await RawWebSocket.connect(server.url));
    await raw.handshake();
    await raw.connectNamespace('/');
    // Three pings, 50 ms apart, take the connection well past connectTimeout.
    for (let i = 0; i < 3; i++) await raw.frames.waitFor((frame) => frame === '2', 1000, 'a ping');
    expect(raw.readyState).to.equal('OPEN');
  });
});
