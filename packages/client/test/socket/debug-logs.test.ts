// Debug logs in Node, as socket.io-client's: `DEBUG=rtio:*` prints the connection's life through the
// `debug` package — handshake, transport, upgrade, heartbeat misses, reconnection schedule, closes.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import createDebug from 'debug';
import { Disposer, FrameQueue } from '../../../server/test/helpers/index.js';
import { within } from '../../../server/test/socket/support/events.js';
import { connect, managerOf, next } from './support/clients.js';
import { startSilentServer } from './support/raw-server.js';
import { startRtio, startSio } from './support/servers.js';

interface ClosableSocket {
  conn: { close(): void };
}
interface AnyServer {
  io: { on(event: 'connection', listener: (socket: ClosableSocket) => void): unknown };
  url: string;
}

describe('client debug logs (Node)', () => {
  const disposer = new Disposer();
  let lines: string[] = [];
  const originalLog = createDebug.log;
  beforeEach(() => {
    lines = [];
    createDebug.enable('rtio:*');
    createDebug.log = (...args: unknown[]) => lines.push(format(...args));
  });
  afterEach(async () => {
    await disposer.disposeAll();
    createDebug.disable();
    createDebug.log = originalLog;
  });
  const logged = (text: string) => lines.some((line) => line.includes(text));

  for (const [name, start] of [
    ['rtio', (d: Disposer) => startRtio(d) as unknown as Promise<AnyServer>],
    ['Socket.IO 4.8', (d: Disposer) => startSio(d) as unknown as Promise<AnyServer>],
  ] as const) {
    it(`against ${name}: handshake, transport, upgrade, connect, then the close and the reconnection schedule`, async () => {
      const server = await start(disposer);
      const sockets = new FrameQueue<ClosableSocket>('server socket');
      server.io.on('connection', (s) => sockets.push(s));
      const socket = await connect(disposer, server.url, 'upgrade');
      if (socket.io.engine?.transport?.name !== 'websocket') await next(socket.io.engine!, 'upgrade');
      for (const text of ['rtio:engine opening', 'rtio:engine trying polling', 'rtio:engine handshake over polling: sid', 'rtio:engine probing websocket', 'rtio:engine upgraded to websocket', 'rtio:socket / connected: id']) {
        expect(logged(text), text).to.equal(true);
      }
      const reconnected = next(managerOf(socket), 'reconnect');
      (await sockets.next()).conn.close();
      await reconnected;
      for (const text of ['rtio:engine closed: transport close', 'rtio:manager connection closed: transport close', 'rtio:socket / disconnected: transport close', 'rtio:manager reconnect attempt 1 in', 'rtio:manager reconnected on attempt 1']) {
        expect(logged(text), text).to.equal(true);
      }
    });
  }

  it('a missed heartbeat', async () => {
    const server = await startSilentServer(disposer, { pingInterval: 20, pingTimeout: 20 });
    const socket = await connect(disposer, server.url, 'websocket', { reconnection: false });
    await next(socket, 'disconnect');
    expect(logged('rtio:engine heartbeat missed: no ping within 40 ms')).to.equal(true);
    expect(logged('rtio:engine closed: ping timeout')).to.equal(true);
  });

  it('nothing is printed while the rtio namespaces are not enabled', async () => {
    createDebug.disable();
    const server = await startRtio(disposer);
    await connect(disposer, server.url, 'websocket');
    expect(lines).to.deep.equal([]);
  });

  it('DEBUG=rtio:* in the environment turns them on (plain Node on the built package)', async () => {
    const built = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
    if (!existsSync(built)) throw new Error(`${built} is missing: run pnpm build`);
    const server = await startRtio(disposer);
    const script = `import { io } from ${JSON.stringify(new URL(`file://${built}`).href)};
      const socket = io(process.argv[1], { transports: ['websocket'] });
      socket.on('connect', () => { socket.disconnect(); });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, server.url], { env: { ...process.env, DEBUG: 'rtio:*' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      const code = await within(new Promise((resolve) => child.once('exit', resolve)), 5000, 'the child to exit');
      expect(code).to.equal(0);
      expect(stderr).to.contain('rtio:engine handshake over websocket').and.contain('rtio:socket / connected').and.contain('rtio:engine closed: forced close');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
