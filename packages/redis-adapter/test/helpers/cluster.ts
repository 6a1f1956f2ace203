// Cluster nodes as child processes (fixtures/cluster-node.ts): start one, send it requests over IPC
// and await the reply, collect what it reports, and stop or SIGKILL it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RedisAdapterOptions } from '@rtio/redis-adapter';
import type { ChildMessage, ErrorData, NodeRequest } from '../fixtures/node-protocol.js';

const NODE_SCRIPT = fileURLToPath(new URL('../fixtures/cluster-node.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const START_DEADLINE_MS = 8000;
const STOP_DEADLINE_MS = 5000;
/** A request's default guard: longer than any requestsTimeout the tests use, so the adapter's own timeout fires first. */
export const REQUEST_GUARD_MS = 5000;

/** An error a node's operation failed with, as the node reported it. */
export class NodeOpError extends Error {
  readonly code: string | undefined;
  readonly errorName: string;

  constructor(node: string, op: string, error: ErrorData) {
    super(`${node} ${op}: ${error.name}${error.code ? ` [${error.code}]` : ''}: ${error.message}`);
    this.name = 'NodeOpError';
    this.code = error.code;
    this.errorName = error.name;
  }
}

export interface ClusterNode {
  readonly name: string;
  /** `http://127.0.0.1:<port>` of the node's rtio server. */
  readonly url: string;
  readonly process: ChildProcess;
  /** Argument lists of the serverSideEmit('note', …) calls that reached this node. */
  readonly notes: unknown[][];
  /** Unhandled rejections, uncaught exceptions and handler errors the node reported. */
  readonly problems: string[];
  request<T = unknown>(request: NodeRequest, guardMs?: number): Promise<T>;
  /** Resolves with the arguments of the next serverSideEmit('note') this node gets. */
  nextNote(timeoutMs?: number): Promise<unknown[]>;
  /** Graceful: closes the IPC channel (the node shuts down), SIGKILL if it does not exit in time. */
  stop(): Promise<void>;
  /** SIGKILL: the node vanishes without telling the cluster. */
  kill(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Starts a node on `redisUrl` and resolves once its rtio server listens. */
export async function startNode(redisUrl: string, name: string, options: Partial<RedisAdapterOptions> = {}): Promise<ClusterNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=rtio-source', NODE_SCRIPT], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, REDIS_URL: redisUrl, NODE_NAME: name, ADAPTER_OPTIONS: JSON.stringify(options) },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  const pending = new Map<number, { op: string; resolve(value: unknown): void; reject(error: Error): void }>();
  const notes: unknown[][] = [];
  const noteWaiters: Array<(args: unknown[]) => void> = [];
  const problems: string[] = [];
  let nextId = 1;
  let onListening: ((port: number) => void) | undefined;

  child.on('message', (message: ChildMessage) => {
    if ('id' in message) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return; // its guard already gave up on it
      if ('error' in message) waiter.reject(new NodeOpError(name, waiter.op, message.error));
      else waiter.resolve(message.result);
    } else if (message.event === 'listening') onListening?.(message.port);
    else if (message.event === 'serverSideEmit') {
      notes.push(message.args);
      noteWaiters.splice(0).forEach((resolve) => resolve(message.args));
    } else problems.push(`${message.kind}: ${message.message}`);
  });
  child.once('exit', (code, signal) => {
    const error = new Error(`node ${name} exited (${signal ?? `code ${String(code)}`}) before replying\n${output}`);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });

  const port = await new Promise<number>((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${name} did not listen within ${START_DEADLINE_MS} ms\n${output}`));
    }, START_DEADLINE_MS);
    onListening = (listeningPort) => {
      clearTimeout(guard);
      resolve(listeningPort);
    };
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      reject(new Error(`node ${name} exited (${signal ?? `code ${String(code)}`}) while starting\n${output}`));
    });
  });

  return {
    name,
    url: `http://127.0.0.1:${port}`,
    process: child,
    notes,
    problems,
    request<T>(request: NodeRequest, guardMs = REQUEST_GUARD_MS): Promise<T> {
      if (!isRunning(child) || !child.connected) return Promise.reject(new Error(`node ${name} is not running`));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const guard = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`node ${name} did not answer ${request.op} within ${guardMs} ms`));
        }, guardMs);
        pending.set(id, {
          op: request.op,
          resolve: (value) => {
            clearTimeout(guard);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(guard);
            reject(error);
          },
        });
        child.send({ id, ...request });
      });
    },
    nextNote(timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error(`node ${name} got no serverSideEmit('note') within ${timeoutMs} ms`)), timeoutMs);
        noteWaiters.push((args) => {
          clearTimeout(guard);
          resolve(args);
        });
      });
    },
    async stop() {
      if (!isRunning(child)) return;
      const done = exited(child);
      if (child.connected) child.disconnect();
      else child.kill('SIGTERM');
      let guard: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (guard = setTimeout(() => resolve('late'), STOP_DEADLINE_MS)));
      const outcome = await Promise.race([done.then(() => 'exited' as const), late]);
      clearTimeout(guard);
      if (outcome === 'late') {
        child.kill('SIGKILL');
        await done;
        throw new Error(`node ${name} did not exit within ${STOP_DEADLINE_MS} ms of its IPC channel closing\n${output}`);
      }
      // its shutdown guard exits with 1 when something (a timer, a socket) kept it alive
      if (child.exitCode !== 0) throw new Error(`node ${name} exited (${child.signalCode ?? `code ${String(child.exitCode)}`}) on stop\n${output}`);
    },
    async kill() {
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
  };
}
