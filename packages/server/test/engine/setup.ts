// Shared setup for engine tests: an EngineServer on an ephemeral port, and recorders for its events.
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EngineServer, type EngineCloseReason, type EngineConnectionError, type EngineOptions, type EngineSession } from '../../src/engine/index.js';
import { FrameQueue, type Disposer } from '../helpers/index.js';

export interface Started {
  engine: EngineServer;
  httpServer: http.Server;
  baseUrl: string;
  port: number;
  /** Every session, in connection order. */
  sessions: FrameQueue<EngineSession>;
  errors: FrameQueue<EngineConnectionError>;
}

/** Closes an http server and resolves once it has (fails the test if connections linger). */
export function closeHttpServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  });
}

/** Starts an engine attached to a fresh http server on 127.0.0.1:0; the disposer closes both. */
export async function startEngine(disposer: Disposer, options: Partial<EngineOptions> = {}, server = http.createServer()): Promise<Started> {
  const engine = new EngineServer(options);
  engine.attach(server);
  const sessions = new FrameQueue<EngineSession>('session');
  const errors = new FrameQueue<EngineConnectionError>('connection_error');
  engine.on('connection', (session) => sessions.push(session));
  engine.on('connection_error', (error) => errors.push(error));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  disposer.add(() => {
    server.closeAllConnections();
    return closeHttpServer(server);
  });
  disposer.add(() => engine.close());
  const { port } = server.address() as AddressInfo;
  return { engine, httpServer: server, baseUrl: `http://127.0.0.1:${port}`, port, sessions, errors };
}

/** Resolves with the next request the http server sees, after the engine has handled it. */
export function nextRequest(server: http.Server): Promise<IncomingMessage> {
  return new Promise((resolve) => server.once('request', (req: IncomingMessage) => setImmediate(() => resolve(req))));
}

export interface SessionRecord {
  messages: FrameQueue<string | Buffer>;
  /** Every event name in order (message, upgrading, upgrade, drain, heartbeat, close). */
  events: string[];
  /** Resolves with the first close; `closeCount` counts them all. */
  closed: Promise<{ reason: EngineCloseReason; description: unknown }>;
  closeCount: () => number;
}

/** Listens to everything a session emits. */
export function record(session: EngineSession): SessionRecord {
  const messages = new FrameQueue<string | Buffer>('message');
  const events: string[] = [];
  let count = 0;
  session.on('message', (data) => {
    events.push('message');
    messages.push(data);
  });
  for (const name of ['upgrading', 'upgrade', 'drain', 'heartbeat'] as const) session.on(name, () => events.push(name));
  const closed = new Promise<{ reason: EngineCloseReason; description: unknown }>((resolve) => {
    session.on('close', (reason, description) => {
      count++;
      events.push('close');
      messages.close(`session closed: ${reason}`);
      resolve({ reason, description });
    });
  });
  return { messages, events, closed, closeCount: () => count };
}

/** Rejects after `ms` with `what`: a failure guard around a promise, never a delay. */
export function within<T>(promise: Promise<T>, what: string, ms = 2000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}
