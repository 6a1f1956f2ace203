// Clients of the cluster: the official socket.io-client and @rtio/client, both connected over
// WebSocket with auth { name, rooms }, each recording every event it gets so a test can wait for
// one or check afterwards that one never came.
import { io as rtioClient } from '@rtio/client';
import { io as socketIoClient } from 'socket.io-client';
import type { Disposer } from '../../../server/test/helpers/index.js';
import { within } from '../../../server/test/socket/support/events.js';

export type ClientKind = 'socket.io-client' | 'rtio';

/** What both client libraries share, as the tests use it. */
export interface ClientSocket {
  readonly id: string | undefined;
  readonly connected: boolean;
  readonly io: { disconnect(): unknown };
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
}

export interface TestClient {
  readonly name: string;
  readonly kind: ClientKind;
  /** The node it is connected to. */
  readonly node: string;
  readonly socket: ClientSocket;
  /** The socket id the server gave it. */
  readonly id: string;
  /** Argument lists of every `event` received so far, in order. */
  argsOf(event: string): unknown[][];
  /** Resolves with the arguments of the next `event` received from now on. */
  next(event: string, timeoutMs?: number): Promise<unknown[]>;
  close(): void;
}

export interface ClientSpec {
  name: string;
  kind: ClientKind;
  rooms?: string[];
}

const CONNECT_DEADLINE_MS = 3000;
export const EVENT_DEADLINE_MS = 3000;

function open(kind: ClientKind, url: string, auth: Record<string, unknown>): ClientSocket {
  // no reconnection: a client the server dropped must stay dropped, and nothing retries after a test
  const options = { path: '/rt/', transports: ['websocket' as const], forceNew: true, reconnection: false, auth };
  const socket = kind === 'rtio' ? rtioClient(url, options) : socketIoClient(url, options);
  return socket as unknown as ClientSocket;
}

/** Connects one client to `node` (a node's url) and registers it with the disposer. */
export async function connectClient(disposer: Disposer, node: { name: string; url: string }, spec: ClientSpec): Promise<TestClient> {
  const socket = open(spec.kind, node.url, { name: spec.name, rooms: spec.rooms ?? [] });
  const received: Array<[string, ...unknown[]]> = [];
  const waiters: Array<{ event: string; resolve(args: unknown[]): void }> = [];
  socket.onAny((event, ...args) => {
    received.push([event, ...args]);
    for (const waiter of waiters.filter((w) => w.event === event)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(args);
    }
  });
  const close = (): void => {
    socket.disconnect();
    socket.io.disconnect();
  };
  disposer.add(close);

  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error: Error) => reject(error));
    }),
    CONNECT_DEADLINE_MS,
    `${spec.name} (${spec.kind}) to connect to ${node.name}`,
  );

  return {
    name: spec.name,
    kind: spec.kind,
    node: node.name,
    socket,
    id: socket.id ?? '',
    argsOf: (event) => received.filter(([name]) => name === event).map(([, ...args]) => args),
    next(event, timeoutMs = EVENT_DEADLINE_MS) {
      return within(
        new Promise<unknown[]>((resolve) => waiters.push({ event, resolve })),
        timeoutMs,
        `"${event}" on ${spec.name} (${spec.kind} on ${node.name})`,
      );
    },
    close,
  };
}

/** Resolves once `client` is disconnected by the server, with the reason it was given. */
export function disconnected(client: TestClient, timeoutMs = EVENT_DEADLINE_MS): Promise<string> {
  if (!client.socket.connected) return Promise.resolve('already disconnected');
  return within(
    new Promise<string>((resolve) => client.socket.once('disconnect', (reason: string) => resolve(reason))),
    timeoutMs,
    `${client.name} to be disconnected`,
  );
}
