// A recording socket.io-client for the chat server's tests: every wait is for a real event.
import { expect } from 'chai';
import { io as connectClient, type Socket } from 'socket.io-client';

export type Payload = Record<string, unknown>;
export interface Received {
  event: string;
  payload: Payload;
}

const GUARD_MS = 2000;

/** A socket.io-client socket that records every event it gets, so a test can wait for one. */
export class Client {
  readonly socket: Socket;
  readonly received: Received[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(url: string) {
    this.socket = connectClient(url, { path: '/rt/', transports: ['websocket'], forceNew: true, reconnection: false });
    this.socket.onAny((event: string, payload: Payload) => {
      this.received.push({ event, payload });
      for (const check of [...this.waiters]) check();
    });
  }

  connected(): Promise<this> {
    if (this.socket.connected) return Promise.resolve(this);
    return guard(
      new Promise<this>((resolve, reject) => {
        this.socket.once('connect', () => resolve(this));
        this.socket.once('connect_error', reject);
      }),
      'connect',
    );
  }

  /** Emits with an ack and resolves with the ack's argument. */
  request(event: string, ...args: unknown[]): Promise<Payload> {
    return this.socket.timeout(GUARD_MS).emitWithAck(event, ...args) as Promise<Payload>;
  }

  /** The first `event` received so far or from now on whose payload passes `match`. */
  waitFor(event: string, match: (payload: Payload) => boolean = () => true): Promise<Payload> {
    const find = (): Payload | undefined => this.received.find((r) => r.event === event && match(r.payload))?.payload;
    const found = find();
    if (found) return Promise.resolve(found);
    let check!: () => void;
    return guard(
      new Promise<Payload>((resolve) => {
        check = () => {
          const payload = find();
          if (payload) resolve(payload);
        };
        this.waiters.add(check);
      }),
      `"${event}"`,
    ).finally(() => this.waiters.delete(check));
  }

  notice(text: string): Promise<Payload> {
    return this.waitFor('notice', (p) => p.text === text);
  }

  online(room: string, names: string[]): Promise<Payload> {
    return this.waitFor('online', (p) => p.room === room && JSON.stringify(p.names) === JSON.stringify(names));
  }

  /** Forgets what was received so far: the next waits only see what comes after. */
  clear(): void {
    this.received.length = 0;
  }

  /** Payloads of `event` received so far. */
  all(event: string): Payload[] {
    return this.received.filter((r) => r.event === event).map((r) => r.payload);
  }

  /**
   * Sends a message and waits for its own broadcast: whatever the server sent this client before
   * handling it has arrived by then (one connection keeps its order).
   */
  async roundTrip(text: string): Promise<void> {
    const broadcast = this.waitFor('message', (p) => p.text === text.trim());
    expect(await this.request('message', { text })).to.deep.equal({ ok: true });
    await broadcast;
  }

  close(): void {
    this.socket.disconnect();
  }
}

export function guard<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${GUARD_MS} ms waiting for ${what}`)), GUARD_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Joins `client` as `name`, then switches to `room` when it is not #general; waits for each online list. */
export async function joinAs(client: Client, name: string, room = 'general'): Promise<Client> {
  expect(await client.request('join', { name })).to.include({ ok: true, name });
  await client.waitFor('online', (p) => p.room === 'general');
  if (room !== 'general') {
    expect(await client.request('switch', { room })).to.include({ ok: true, room });
    await client.waitFor('online', (p) => p.room === room);
  }
  return client;
}
