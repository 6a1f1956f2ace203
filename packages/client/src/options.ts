// Client options with socket.io-client's defaults.
import type { EngineSocketOptions } from './engine/index.js';

export interface ManagerOptions extends EngineSocketOptions {
  reconnection: boolean;
  reconnectionAttempts: number;
  reconnectionDelay: number;
  reconnectionDelayMax: number;
  randomizationFactor: number;
  autoConnect: boolean;
  /** Random source of the backoff jitter (tests inject one). */
  random: () => number;
}

export type AuthOption = Record<string, unknown> | ((callback: (auth: Record<string, unknown>) => void) => void);

export interface SocketOptions {
  /** Sent with every CONNECT; a function is called at every (re)connect. */
  auth: AuthOption | undefined;
  /** Default timeout of acks, in ms: the ack callback then gets (error, ...response). */
  ackTimeout: number | undefined;
  /** Resend an emit until acked, up to this many more times, one at a time and in order. */
  retries: number;
}

export type IoOptions = Partial<ManagerOptions> &
  Partial<SocketOptions> & {
    /** A new Manager even when one exists for this origin and path. */
    forceNew?: boolean;
    /** false: same as forceNew. */
    multiplex?: boolean;
  };
