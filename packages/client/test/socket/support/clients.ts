// rtio clients for the suite: the three transport setups, sockets the Disposer closes, and waits
// on client events with failure guards.
import { io, type Manager, type Socket } from '../../../src/index.js';
import type { IoOptions } from '../../../src/index.js';
import type { EngineSocket } from '../../../src/engine/index.js';
import type { EventsMap } from '@rtio/protocol';
import type { Disposer } from '../../../../server/test/helpers/index.js';
import { GUARD_MS, nextEvent, within } from '../../../../server/test/socket/support/events.js';

export { nextEvent, within, GUARD_MS };
export { deferred } from '../../../../server/test/socket/support/events.js';

/** websocket only, polling only, and polling that upgrades to websocket (the default). */
export const MODES = ['websocket', 'polling', 'upgrade'] as const;
export type Mode = (typeof MODES)[number];

export function modeOptions(mode: Mode): IoOptions {
  if (mode === 'websocket') return { transports: ['websocket'] };
  if (mode === 'polling') return { transports: ['polling'] };
  return {};
}

/** The Manager behind a socket (`socket.io` is typed as the narrow interface a Socket needs). */
export function managerOf(socket: Socket<EventsMap, EventsMap>): Manager {
  return socket.io as unknown as Manager;
}

/** Closes a socket and its Manager (and so its reconnection loop). */
export function closeClient(socket: Socket<EventsMap, EventsMap>): void {
  socket.disconnect();
  managerOf(socket).disconnect();
}

/**
 * `io(url, opts)` with forceNew and fast reconnection (10..50 ms) unless overridden; the Disposer
 * closes it. Connecting starts at once unless `autoConnect: false`.
 */
export function client<L extends EventsMap = EventsMap, E extends EventsMap = L>(
  disposer: Disposer,
  url: string,
  mode: Mode,
  opts: IoOptions = {},
): Socket<L, E> {
  const socket = io<L, E>(url, { forceNew: true, reconnectionDelay: 10, reconnectionDelayMax: 50, ...modeOptions(mode), ...opts });
  disposer.add(() => closeClient(socket as unknown as Socket));
  return socket;
}

/** Resolves on the socket's next `connect`; rejects with its connect_error, or after the guard. */
export function connected(socket: Socket<EventsMap, EventsMap>, timeoutMs = GUARD_MS): Promise<void> {
  const s = socket as unknown as Socket;
  return within(
    new Promise<void>((resolve, reject) => {
      const onConnect = (): void => {
        s.off('connect_error', onError);
        resolve();
      };
      const onError = (error: Error): void => {
        s.off('connect', onConnect);
        reject(error);
      };
      s.once('connect', onConnect);
      s.once('connect_error', onError);
    }),
    timeoutMs,
    'the client to connect',
  );
}

/** A connected client socket. */
export async function connect<L extends EventsMap = EventsMap, E extends EventsMap = L>(
  disposer: Disposer,
  url: string,
  mode: Mode,
  opts: IoOptions = {},
): Promise<Socket<L, E>> {
  const socket = client<L, E>(disposer, url, mode, opts);
  await connected(socket as unknown as Socket);
  return socket;
}

/** Resolves with the args of the next `event` of a client socket or Manager (typed loosely). */
export function next<T extends unknown[] = unknown[]>(emitter: Socket<EventsMap, EventsMap> | Manager | EngineSocket, event: string, timeoutMs = GUARD_MS): Promise<T> {
  return nextEvent<T>(emitter as never, event, timeoutMs);
}
