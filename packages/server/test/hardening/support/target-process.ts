// The parent side of an attack test: starts target.ts in a child process, tells whether it is
// alive and what killed it, asks for its state, and checks that a well-behaved client is served.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io as createClient, type Socket as ClientSocket } from 'socket.io-client';
import { within } from '../../socket/support/events.js';
import type { TargetConfig, TargetReply, TargetRequest, TargetState } from './target-protocol.js';

const SCRIPT = fileURLToPath(new URL('./target.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

export interface Crash {
  origin: string;
  stack: string;
}

export class TargetProcess {
  /** What killed the target, if something did. */
  readonly crashes: Crash[] = [];
  private stderrText = '';
  private nextId = 1;
  private readonly pending = new Map<number, (state: TargetState) => void>();
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    // 'close', not 'exit': by then the crash report and stderr have been read.
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)));
    child.on('message', (message: TargetReply) => {
      if (message.kind === 'crash') this.crashes.push({ origin: message.origin, stack: message.stack });
      else if (message.kind === 'state') {
        this.pending.get(message.id)?.(message);
        this.pending.delete(message.id);
      }
    });
  }

  /** Starts a target and resolves once it listens. */
  static async start(config: TargetConfig = {}): Promise<TargetProcess> {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--conditions=rtio-source', SCRIPT, JSON.stringify(config)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const ready = new Promise<number>((resolve, reject) => {
      child.on('message', (message: TargetReply) => message.kind === 'ready' && resolve(message.port));
      child.once('exit', (code) => reject(new Error(`the target exited with ${code} before listening: ${stderr}`)));
    });
    const port = await within(ready, 20_000, 'the target process to listen');
    const target = new TargetProcess(child, port);
    target.stderrText = stderr;
    child.stderr?.on('data', (chunk: Buffer) => (target.stderrText += chunk.toString('utf8')));
    return target;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** Why the target is not fit to go on, or undefined when it is alive and nothing went uncaught. */
  problem(): string | undefined {
    const [crash] = this.crashes;
    if (crash !== undefined) return `the target died of an ${crash.origin}: ${crash.stack}`;
    if (!this.alive) return `the target exited (code ${this.child.exitCode}, signal ${this.child.signalCode}): ${this.stderrText}`;
    return undefined;
  }

  /** The target's counts now (heap after a full gc with `gc`). */
  state(gc = false, timeoutMs = 5000): Promise<TargetState> {
    return this.ask((id) => ({ kind: 'state', id, gc }), timeoutMs, 'the target state');
  }

  /** Resolves once every session, socket, room and accepted connection of the target is gone. */
  quiet(timeoutMs = 5000): Promise<TargetState> {
    return this.ask((id) => ({ kind: 'quiet', id }), timeoutMs, 'the target to have no session, socket, room or connection left');
  }

  /** Connects an official client, has an event echoed with its ack, and disconnects. */
  async serves(transport: 'websocket' | 'polling' = 'websocket'): Promise<void> {
    const client = createClient(this.url, { path: '/rt/', forceNew: true, reconnection: false, transports: [transport] });
    try {
      await within(
        new Promise<void>((resolve, reject) => {
          client.once('connect', resolve);
          client.once('connect_error', reject);
        }),
        3000,
        `a ${transport} client to connect`,
      );
      const echoed: unknown = await (client as ClientSocket).timeout(3000).emitWithAck('echo', 'still here');
      if (echoed !== 'still here') throw new Error(`the echo came back as ${JSON.stringify(echoed)}`);
    } finally {
      client.close();
    }
  }

  /** Resolves once the target has exited, or after `ms` if it goes on: the verdict after a failed check. */
  async exitedWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)))]);
    clearTimeout(timer);
    return exited;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    // A target that is dying has closed its channel already; the kill below still ends it.
    if (this.child.connected) this.child.send({ kind: 'stop' } satisfies TargetRequest, () => {});
    try {
      await within(this.exited, 5000, 'the target to stop');
    } finally {
      if (this.alive) this.child.kill('SIGKILL');
    }
  }

  private ask(request: (id: number) => TargetRequest, timeoutMs: number, what: string): Promise<TargetState> {
    const problem = this.problem();
    if (problem !== undefined) return Promise.reject(new Error(problem));
    const id = this.nextId++;
    const answer = new Promise<TargetState>((resolve, reject) => {
      this.pending.set(id, resolve);
      void this.exited.then(() => reject(new Error(this.problem())));
    });
    this.child.send(request(id));
    return within(answer, timeoutMs, what).finally(() => this.pending.delete(id));
  }
}
