// A real redis-server for the tests: a child process on a free 127.0.0.1 port with its own temp
// dir and no persistence; stop() for teardown, kill() and restart() for fault tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisUnderTest {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** SIGTERM, waits for the exit, removes the temp dir. Safe to call more than once. */
  stop(): Promise<void>;
  /** SIGKILL (Redis vanishes without a goodbye), waits for the exit; the temp dir stays for restart(). */
  kill(): Promise<void>;
  /** Starts Redis again on the same port (killing it first if it still runs). */
  restart(): Promise<void>;
}

const READY_LINE = 'Ready to accept connections';
const START_DEADLINE_MS = 5000;
const EXIT_DEADLINE_MS = 5000;
const PORT_ATTEMPTS = 5;

class RedisStartError extends Error {
  constructor(
    message: string,
    /** The port was taken between picking it and Redis binding it: worth another port. */
    readonly portTaken: boolean,
  ) {
    super(message);
    this.name = 'RedisStartError';
  }
}

/** A port nothing listens on right now: bind port 0, read the port, close. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Sends `signal`, waits for the exit; SIGKILL if it has not exited by the deadline. */
async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const done = exited(child);
  child.kill(signal);
  let guard: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (guard = setTimeout(() => resolve('late'), EXIT_DEADLINE_MS)));
  const outcome = await Promise.race([done.then(() => 'exited' as const), late]);
  clearTimeout(guard);
  if (outcome === 'late') {
    child.kill('SIGKILL');
    await done;
  }
}

/** Spawns redis-server and resolves once it logs that it accepts connections. */
function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (error: RedisStartError): void => {
      clearTimeout(guard);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(error);
    };
    const guard = setTimeout(() => fail(new RedisStartError(`redis-server did not get ready within ${START_DEADLINE_MS} ms:\n${output}`, false)), START_DEADLINE_MS);
    const onOutput = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (!output.includes(READY_LINE)) return;
      clearTimeout(guard);
      child.stdout?.off('data', onOutput);
      child.stdout?.resume(); // keep draining its log so Redis never blocks on a full pipe
      resolve(child);
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error: NodeJS.ErrnoException) => {
      const message =
        error.code === 'ENOENT'
          ? 'redis-server is not installed: run `bash scripts/ensure-system-deps.sh` (Debian package redis-server)'
          : `redis-server failed to start: ${error.message}`;
      fail(new RedisStartError(message, false));
    });
    child.once('exit', (code, signal) => {
      if (output.includes(READY_LINE)) return;
      const taken = /address already in use/i.test(output);
      fail(new RedisStartError(`redis-server exited (${signal ?? `code ${String(code)}`}) before it was ready:\n${output}`, taken));
    });
  });
}

/** Launches on `port`, retrying briefly while the port is still taken (a restart right after a kill). */
async function launchOnPort(port: number, dir: string): Promise<ChildProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(port, dir);
    } catch (error) {
      if (!(error instanceof RedisStartError && error.portTaken) || attempt === PORT_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Starts a redis-server on a free port; it is killed when this process exits, whatever happens. */
export async function startRedis(): Promise<RedisUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'rtio-redis-'));
  let port = 0;
  let child: ChildProcess | undefined;
  try {
    for (let attempt = 1; !child; attempt++) {
      port = await freePort();
      try {
        child = await launch(port, dir);
      } catch (error) {
        // another process may take the port between freePort() and Redis binding it
        if (!(error instanceof RedisStartError && error.portTaken) || attempt === PORT_ATTEMPTS) throw error;
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  let current: ChildProcess = child;
  let stopped = false;
  // a failed or interrupted test run must not leave a Redis behind
  const killOnExit = (): void => void current.kill('SIGKILL');
  process.once('exit', killOnExit);

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', killOnExit);
      await terminate(current, 'SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
    async kill() {
      await terminate(current, 'SIGKILL');
    },
    async restart() {
      if (stopped) throw new Error('restart() after stop(): this Redis and its temp dir are gone');
      await terminate(current, 'SIGKILL');
      current = await launchOnPort(port, dir);
    },
  };
}
