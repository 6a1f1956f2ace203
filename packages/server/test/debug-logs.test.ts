// Server debug logs through the `debug` package: with DEBUG=rtio:*, a server in a child process logs
// each connection's handshake, upgrade, disconnect reason and engine close, and every refused request
// with its reason; with DEBUG unset it prints nothing.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { io as createClient } from 'socket.io-client';
import { Disposer, RawPolling, RawWebSocket } from './helpers/index.js';
import { nextEvent, within } from './socket/support/events.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/logging-server.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Failure guards, not delays: every wait ends on the line or the event it waits for. */
const WAIT_MS = 5000;
const START_MS = 20_000;

/** The lines a stream printed, all kept: a wait looks at the lines so far, then at each new one. */
class Lines {
  readonly lines: string[] = [];
  private partial = '';
  private ended = false;
  private readonly waiters = new Set<{ matches: (line: string) => boolean; resolve: (line: string) => void; reject: (error: Error) => void }>();

  constructor(
    stream: Readable,
    private readonly label: string,
  ) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop() ?? '';
      for (const line of parts) this.add(line);
    });
    stream.once('end', () => {
      this.ended = true;
      for (const waiter of this.waiters) waiter.reject(new Error(`${this.label} ended; it printed:\n${this.text}`));
    });
  }

  /** Everything printed so far. */
  get text(): string {
    return this.lines.join('\n') + this.partial;
  }

  /** Resolves with the first line that contains each of `parts`, in that order. */
  waitFor(...parts: string[]): Promise<string> {
    const matches = (line: string): boolean => {
      let from = 0;
      for (const part of parts) {
        const at = line.indexOf(part, from);
        if (at === -1) return false;
        from = at + part.length;
      }
      return true;
    };
    const seen = this.lines.find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    if (this.ended) return Promise.reject(new Error(`${this.label} ended without ${JSON.stringify(parts)}; it printed:\n${this.text}`));
    return new Promise<string>((resolve, reject) => {
      const guard = setTimeout(() => settle(new Error(`no line of ${this.label} with ${JSON.stringify(parts)} within ${WAIT_MS} ms; it printed:\n${this.text}`)), WAIT_MS);
      const settle = (error: Error | undefined, line = ''): void => {
        clearTimeout(guard);
        this.waiters.delete(waiter);
        if (error) reject(error);
        else resolve(line);
      };
      const waiter = { matches, resolve: (line: string) => settle(undefined, line), reject: settle };
      this.waiters.add(waiter);
    });
  }

  private add(line: string): void {
    this.lines.push(line);
    for (const waiter of this.waiters) if (waiter.matches(line)) waiter.resolve(line);
  }
}

interface LoggingServer {
  url: string;
  stdout: Lines;
  stderr: Lines;
  /** Ends the child's stdin (it closes its server) and resolves with its exit code once it exited by itself. */
  stop(): Promise<number | null>;
}

/** Starts fixtures/logging-server.ts with `debug` set as DEBUG (or DEBUG unset); the disposer kills it if a test leaves it running. */
async function startLoggingServer(disposer: Disposer, debug: string | undefined): Promise<LoggingServer> {
  const { DEBUG: _ignored, ...env } = process.env;
  if (debug !== undefined) env.DEBUG = debug;
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=rtio-source', FIXTURE], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  disposer.add(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  });
  const stdout = new Lines(child.stdout, 'the child’s stdout');
  const stderr = new Lines(child.stderr, 'the child’s stderr');
  const listening = await within(stdout.waitFor('listening '), START_MS, 'the child to listen');
  return {
    url: `http://127.0.0.1:${listening.slice('listening '.length)}`,
    stdout,
    stderr,
    stop: () => {
      child.stdin.end();
      return within(exited, WAIT_MS, 'the child to exit by itself');
    },
  };
}

/** A socket.io-client socket that connects over polling and upgrades, then leaves with disconnect(). */
async function connectUpgradeAndLeave(disposer: Disposer, url: string): Promise<{ sid: string; id: string }> {
  const client = disposer.add(createClient(url, { path: '/rt/', forceNew: true, reconnection: false }));
  await nextEvent(client, 'connect', WAIT_MS);
  const { engine } = client.io;
  if (engine.transport.name !== 'websocket') await nextEvent(engine, 'upgrade', WAIT_MS);
  const sid = engine.id;
  const id = client.id as string;
  client.disconnect();
  return { sid, id };
}

describe('server debug logs (DEBUG=rtio:*)', function () {
  this.timeout(START_MS + 4 * WAIT_MS);
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('logs a connection: its handshake, the upgrade, the socket’s disconnect reason and the engine close', async () => {
    const server = await startLoggingServer(disposer, 'rtio:*');
    const { stderr } = server;
    const { sid, id } = await connectUpgradeAndLeave(disposer, server.url);
    await stderr.waitFor(`rtio:engine handshake: session ${sid} over polling from 127.0.0.1 (EIO 4)`);
    await stderr.waitFor(`rtio:socket socket ${id} connected to namespace / (session ${sid})`);
    await stderr.waitFor(`rtio:engine session ${sid} upgraded from polling to websocket`);
    await stderr.waitFor(`rtio:socket socket ${id} disconnected from namespace /: client namespace disconnect`);
    await stderr.waitFor(`rtio:engine session ${sid} closed: transport close`);
    expect(await server.stop()).to.equal(0);
  });

  it('logs every refusal with its reason: CORS, allowRequest, EIO version, unknown sid and transport, payload size, a namespace middleware', async () => {
    const server = await startLoggingServer(disposer, 'rtio:*');
    const { stderr, url } = server;
    const refused = 'rtio:engine refused GET /rt/?EIO=';

    const cors = await disposer.add(new RawPolling(url, { headers: { origin: 'http://evil.example' } })).get();
    expect(cors.status).to.equal(403);
    await stderr.waitFor(refused, 'from 127.0.0.1: Forbidden (code 4) name="ORIGIN_NOT_ALLOWED" origin="http://evil.example"');

    const app = await disposer.add(new RawPolling(url, { headers: { 'x-refuse': 'yes' } })).get();
    expect(app.status).to.equal(403);
    await stderr.waitFor(refused, ': no entry for this client (code 4) name="ALLOW_REQUEST"');

    const eio = await disposer.add(new RawPolling(url, { query: { EIO: '3' } })).get();
    expect(eio.status).to.equal(400);
    await stderr.waitFor(`${refused}3`, ': Unsupported protocol version (code 5) name="UNSUPPORTED_PROTOCOL_VERSION"');

    const sid = await disposer.add(new RawPolling(url, { sid: 'no-such-session' })).get();
    expect(sid.status).to.equal(400);
    await stderr.waitFor(refused, 'sid=no-such-session', ': Session ID unknown (code 1) name="UNKNOWN_SID"');

    const transport = await disposer.add(new RawPolling(url, { query: { transport: 'pigeon' } })).get();
    expect(transport.status).to.equal(400);
    await stderr.waitFor(refused, 'transport=pigeon', ': Transport unknown (code 0) name="UNKNOWN_TRANSPORT"');

    const polling = disposer.add(await RawPolling.handshake(url));
    expect((await polling.post('x'.repeat(2000))).status).to.equal(413);
    await stderr.waitFor(`rtio:engine polling POST /rt/?EIO=4&transport=polling&sid=${polling.sid} refused: 413 Payload Too Large (over maxHttpBufferSize, 1000 bytes)`);

    const ws = disposer.add(await RawWebSocket.connect(url));
    const { sid: wsSid } = await ws.handshake();
    expect((await ws.connectNamespace('/private')).type).to.equal(4); // CONNECT_ERROR
    await stderr.waitFor(`rtio:engine handshake: session ${wsSid} over websocket from 127.0.0.1`);
    await stderr.waitFor('rtio:socket socket ', ' refused by a middleware of namespace /private: members only');
    expect(await server.stop()).to.equal(0);
  });

  it('prints nothing with DEBUG unset (same connection and a refusal)', async () => {
    const server = await startLoggingServer(disposer, undefined);
    const { id } = await connectUpgradeAndLeave(disposer, server.url);
    const cors = await disposer.add(new RawPolling(server.url, { headers: { origin: 'http://evil.example' } })).get();
    expect(cors.status).to.equal(403);
    await server.stdout.waitFor(`disconnect ${id} client namespace disconnect`);
    expect(await server.stop()).to.equal(0);
    expect(server.stderr.text).to.equal('');
  });
});
