// Test helpers for the engine layer: an rtio EngineServer on 127.0.0.1:0, raw servers, a disposer, event queues.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { EngineServer, type EngineOptions, type EngineSession } from '../../../server/src/engine/index.js';
import { EngineSocket, type EngineSocketOptions } from '../../src/engine/index.js';

type Cleanup = () => unknown;

/** Releases what a test opened, newest first. */
export class Disposer {
  private items: Cleanup[] = [];
  add(cleanup: Cleanup): void {
    this.items.push(cleanup);
  }
  async disposeAll(): Promise<void> {
    for (let item = this.items.pop(); item; item = this.items.pop()) await item();
  }
}

/** Buffers values so that a waiter cannot miss one. */
export class Queue<T> {
  private values: T[] = [];
  private waiters: Array<(value: T) => void> = [];
  push = (value: T): void => {
    const waiter = this.waiters.shift();
    if (waiter) waiter(value);
    else this.values.push(value);
  };
  next(): Promise<T> {
    const value = this.values.shift();
    if (value !== undefined) return Promise.resolve(value);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  get size(): number {
    return this.values.length;
  }
}

/** Resolves with the arguments of the next `event`. */
export function once<A extends unknown[]>(emitter: { once(event: string, listener: (...args: A) => void): unknown }, event: string): Promise<A> {
  return new Promise((resolve) => emitter.once(event, (...args: A) => resolve(args)));
}

export function listen(server: http.Server, disposer: Disposer): Promise<string> {
  disposer.add(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

export interface Started {
  engine: EngineServer;
  server: http.Server;
  baseUrl: string;
  sessions: Queue<EngineSession>;
}

/** An rtio EngineServer on a fresh http server; the disposer closes both. */
export async function startEngine(disposer: Disposer, options: Partial<EngineOptions> = {}): Promise<Started> {
  const server = http.createServer();
  const engine = new EngineServer(options);
  engine.attach(server);
  const sessions = new Queue<EngineSession>();
  engine.on('connection', sessions.push);
  const baseUrl = await listen(server, disposer);
  disposer.add(() => engine.close());
  return { engine, server, baseUrl, sessions };
}

/** A plain http server answering every request with `handler`. */
export async function startHttp(disposer: Disposer, handler: http.RequestListener): Promise<{ server: http.Server; baseUrl: string }> {
  const server = http.createServer(handler);
  return { server, baseUrl: await listen(server, disposer) };
}

/** A raw `ws` server on the engine path; `connections` yields each accepted socket. */
export async function startRawWebSocket(disposer: Disposer): Promise<{ baseUrl: string; connections: Queue<WebSocket> }> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  const connections = new Queue<WebSocket>();
  wss.on('connection', connections.push);
  const baseUrl = await listen(server, disposer);
  disposer.add(() => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
  return { baseUrl, connections };
}

/** An EngineSocket the disposer closes; `open()` is left to the test. */
export function client(disposer: Disposer, baseUrl: string, options: Partial<EngineSocketOptions> = {}): EngineSocket {
  const socket = new EngineSocket(baseUrl, options);
  disposer.add(() => socket.close());
  return socket;
}

/** Opens and resolves on `open`, rejects on `error`. */
export function connect(socket: EngineSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
    socket.open();
  });
}

/** The next server message as a string (Buffers as 'bin:<hex>'). */
export function describeData(data: unknown): string {
  if (typeof data === 'string') return data;
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array);
  return `bin:${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}
