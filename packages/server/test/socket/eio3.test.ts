// allowEIO3: Socket.IO 2 clients (Engine.IO 3, Socket.IO protocol 4), the official
// socket.io-client 2.5 from npm, over polling, WebSocket and an upgrade: connect to "/" without a
// CONNECT, namespaces with a query as auth, events, binaries and acks both ways, refusals, and the
// heartbeat the client drives. Without allowEIO3 they are refused, as Engine.IO does.
import { expect } from 'chai';
// @ts-expect-error socket.io-client 2 ships no types
import ioV2 from 'socket.io-client-v2';
import { Disposer } from '../helpers/index.js';
import { startServer, type ServerUnderTest } from './support/server-under-test.js';
import { nextEvent, within } from './support/events.js';
import type { Socket } from '../../src/index.js';

/** The part of a socket.io-client 2 socket the tests use. */
interface V2Socket {
  id: string;
  connected: boolean;
  io: { engine: { id: string; transport: { name: string } } };
  on(event: string, listener: (...args: never[]) => void): V2Socket;
  once(event: string, listener: (...args: never[]) => void): V2Socket;
  off(event: string, listener: (...args: never[]) => void): V2Socket;
  emit(event: string, ...args: unknown[]): V2Socket;
  close(): void;
}

const MODES = {
  polling: { transports: ['polling'] },
  websocket: { transports: ['websocket'] },
  upgrade: { transports: ['polling', 'websocket'] },
} as const;

function connectV2(server: ServerUnderTest, nsp: string, mode: keyof typeof MODES, extra: Record<string, unknown> = {}): V2Socket {
  return (ioV2 as (url: string, opts: unknown) => V2Socket)(`${server.url}${nsp}`, { path: '/rt', forceNew: true, reconnection: false, ...MODES[mode], ...extra });
}

async function connected(socket: V2Socket): Promise<V2Socket> {
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', (error: unknown) => reject(new Error(`refused: ${JSON.stringify(error)}`)));
      socket.once('connect_error', (error: Error) => reject(error));
    }),
    3000,
    'the Socket.IO 2 client to connect',
  );
  return socket;
}

describe('socket layer: Socket.IO 2 clients with allowEIO3', function () {
  this.timeout(10_000);
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of Object.keys(MODES) as Array<keyof typeof MODES>) {
    it(`connects to "/" and exchanges events, binaries and acks both ways (${mode})`, async () => {
      const server = disposer.add(await startServer({ allowEIO3: true }));
      const sockets = nextEvent<[Socket]>(server.io, 'connection');
      const client = connectV2(server, '/', mode);
      disposer.add(client);
      await connected(client);
      const [socket] = await sockets;
      expect(socket.id).to.equal(client.id);
      expect(socket.conn.protocol).to.equal(3);
      if (mode === 'upgrade' && socket.conn.transport.name === 'polling') {
        const [transport] = await nextEvent<[{ name: string }]>(socket.conn, 'upgrade', 3000);
        expect(transport.name).to.equal('websocket');
      }

      socket.on('echo', (text: string, bytes: Buffer, ack: (...reply: unknown[]) => void) => ack(`${text}!`, Buffer.concat([bytes, Buffer.from([9])])));
      const [reply, replyBytes] = await within(
        new Promise<[string, Buffer]>((resolve) => client.emit('echo', 'héllo', Buffer.from([1, 2]), (r: string, b: Buffer) => resolve([r, b]))),
        3000,
        'the ack',
      );
      expect(reply).to.equal('héllo!');
      expect([...replyBytes]).to.deep.equal([1, 2, 9]);

      const pushed = new Promise<unknown[]>((resolve) => client.on('push', (...args: never[]) => resolve(args)));
      const acked = new Promise<unknown[]>((resolve) => socket.emit('push', { n: 1 }, Buffer.from('bin'), (...args: unknown[]) => resolve(args)));
      client.on('push', ((_data: unknown, _bytes: unknown, ack: (answer: string) => void) => ack('got it')) as (...args: never[]) => void);
      const [data, bytes] = (await within(pushed, 3000, 'the server emit')) as [unknown, Buffer];
      expect(data).to.deep.equal({ n: 1 });
      expect(Buffer.from(bytes).toString()).to.equal('bin');
      expect(await within(acked, 3000, 'the client ack')).to.deep.equal(['got it']);
    });
  }

  it('connects namespaces with a query as their auth, and refuses with the middleware error as the data', async () => {
    const server = disposer.add(await startServer({ allowEIO3: true }));
    server.io.of('/admin').use((socket, next) => (socket.handshake.auth.token === 'secret' ? next() : next(new Error('bad token'))));
    const admin = disposer.add(await connected(connectV2(server, '/admin', 'websocket', { query: { token: 'secret' } })));
    expect(admin.id).to.equal(`/admin#${admin.io.engine.id}`);
    expect(server.io.of('/admin').sockets.get(admin.id)?.handshake.auth).to.deep.equal({ token: 'secret' });

    const refused = disposer.add(connectV2(server, '/admin', 'polling', { query: { token: 'wrong' } }));
    const [error] = await nextEvent<[unknown]>(refused as never, 'error', 3000);
    expect(error).to.equal('bad token');
  });

  it('answers the pings a Socket.IO 2 client sends, and closes one that stops', async () => {
    const server = disposer.add(await startServer({ allowEIO3: true, pingInterval: 100, pingTimeout: 200 }));
    const sockets = nextEvent<[Socket]>(server.io, 'connection');
    const client = disposer.add(await connected(connectV2(server, '/', 'websocket')));
    const [socket] = await sockets;
    const pongs = new Promise<void>((resolve) => {
      let count = 0;
      client.on('pong', () => ++count === 3 && resolve());
    });
    await within(pongs, 2000, 'three pongs');
    expect(socket.connected).to.equal(true);
    // A client that goes quiet: a raw Engine.IO 3 session that never pings.
    const raw = await fetch(`${server.url}/rt/?EIO=3&transport=polling`);
    const body = await raw.text();
    const sid = (JSON.parse(body.slice(body.indexOf(':') + 2, body.indexOf('}') + 1)) as { sid: string }).sid;
    const quiet = server.io.of('/').sockets.get(sid);
    expect(quiet, 'the quiet session joined "/" at once').to.not.equal(undefined);
    const [reason] = await nextEvent<[string]>(quiet as Socket, 'disconnect', 2000);
    expect(reason).to.equal('ping timeout');
  });

  it('refuses Engine.IO 3 clients without allowEIO3', async () => {
    const server = disposer.add(await startServer());
    const errors = nextEvent<[{ code: number }]>(server.io.engine, 'connection_error');
    disposer.add(connectV2(server, '/', 'polling'));
    const [error] = await errors;
    expect(error.code).to.equal(5);
  });
});
