// Connection state recovery in the socket layer: the option with its defaults, what a socket
// keeps of its session, and which disconnections leave a session to come back to.
import type { RecoveryOptions, RestoredSession } from './adapter/adapter.js';
import { RtioUsageError, type DisconnectReason, type Room } from './types.js';

/** The `connectionStateRecovery` server option as written (Socket.IO's, plus `maxLoggedPackets`). */
export type RecoveryOption = Partial<RecoveryOptions> | boolean;

/** The option with Socket.IO's defaults (2 minutes, skip middlewares); undefined when off. */
export function resolveRecoveryOptions(option: RecoveryOption | undefined): RecoveryOptions | undefined {
  if (!option) return undefined;
  const given = option === true ? {} : option;
  const resolved = { maxDisconnectionDuration: 120_000, skipMiddlewares: true, maxLoggedPackets: 10_000, ...given };
  for (const key of ['maxDisconnectionDuration', 'maxLoggedPackets'] as const) {
    if (!(Number.isFinite(resolved[key]) && resolved[key] >= 0)) {
      throw new RtioUsageError(`connectionStateRecovery.${key} must be a non-negative number, got ${String(resolved[key])}`);
    }
  }
  return resolved;
}

/** A socket's part in connection state recovery (the namespace makes it). */
export interface SocketRecovery {
  /** The private session id, sent to the client in the CONNECT reply. */
  readonly pid: string;
  /** The adapter's offset when the session began. */
  readonly startOffset: string | undefined;
  /** The session this socket continues, when the client's was restored. */
  readonly restored?: RestoredSession | undefined;
  /** `{ socket.id }`, the rooms of each direct emit (made once, not per emit). */
  readonly ownRoom: ReadonlySet<Room>;
}

/** Disconnections after which the session is kept (not the ones the client or the app asked for). */
export const RECOVERABLE_REASONS: ReadonlySet<DisconnectReason> = new Set<DisconnectReason>([
  'transport error',
  'transport close',
  'forced close',
  'ping timeout',
  'server shutting down',
  'forced server close',
]);
