// The rtio client with connection state recovery, against rtio's server and Socket.IO 4.8's: after
// its connection is cut it comes back with the same id (`recovered`) and gets what it missed.
// rtio's server says every event ends with its offset, so the client strips it; Socket.IO's does
// not say so (its volatile events carry none), so the client leaves the arguments as they are.
import { expect } from 'chai';
import { Disposer } from '../../../server/test/helpers/index.js';
import { MODES, connect, next } from './support/clients.js';
import { startRtio, startSio } from './support/servers.js';

type AnyServerSocket = { id: string; join(room: string): unknown; conn: { close(): unknown } };
type AnyServer = { on(event: 'connection', listener: (socket: AnyServerSocket) => void): unknown; to(room: string): { emit(event: string, ...args: unknown[]): unknown } };

describe('client socket: connection state recovery', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  const servers = {
    rtio: async () => (await startRtio(disposer, { connectionStateRecovery: {} })) as unknown as { io: AnyServer; url: string },
    'Socket.IO 4.8': async () => (await startSio(disposer, { connectionStateRecovery: {} })) as unknown as { io: AnyServer; url: string },
  };

  for (const [name, start] of Object.entries(servers)) {
    for (const mode of MODES) {
      it(`recovers against ${name} (${mode}): same id, recovered, the missed events once each`, async () => {
        const server = await start();
        const sockets: AnyServerSocket[] = [];
        server.io.on('connection', (socket) => {
          sockets.push(socket);
          socket.join('room');
        });
        const socket = await connect(disposer, server.url, mode);
        expect(socket.recovered).to.equal(false);
        const seen: unknown[][] = [];
        socket.onAny((...args: unknown[]) => seen.push(args));
        const hello = next(socket, 'hello');
        server.io.to('room').emit('hello', 'a');
        await hello; // Socket.IO restores only from an offset, so the client must have one
        const id = socket.id;

        const reconnected = next(socket, 'connect', 4000);
        sockets[0]!.conn.close(); // the server cuts the connection ('forced close'): the client reconnects
        await next(socket.io, 'reconnect_attempt', 4000);
        server.io.to('room').emit('missed', 'b');
        await reconnected;
        expect(socket.recovered).to.equal(true);
        expect(socket.id).to.equal(id);
        expect(sockets.map((s) => s.id)).to.deep.equal([id, id]);
        const after = next(socket, 'after');
        server.io.to('room').emit('after', 'c');
        await after;
        const strip = name === 'rtio';
        const shown = seen.map((args) => (strip ? args : args.slice(0, -1)));
        expect(shown).to.deep.equal([['hello', 'a'], ['missed', 'b'], ['after', 'c']]);
        if (!strip) for (const args of seen) expect(args[args.length - 1]).to.be.a('string');
      });
    }
  }

  it('against Socket.IO keeps the last string argument of a volatile event (it carries no offset)', async () => {
    const server = await startSio(disposer, { connectionStateRecovery: {} });
    const sockets: { volatile: { emit(event: string, ...args: unknown[]): unknown } }[] = [];
    server.io.on('connection', (s) => sockets.push(s));
    const socket = await connect(disposer, server.url, 'websocket');
    const volatile = next<unknown[]>(socket, 'v');
    sockets[0]!.volatile.emit('v', 'kept');
    expect(await volatile).to.deep.equal(['kept']);
  });
});
