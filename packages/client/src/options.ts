// Client options with socket.io-client's defaults.
import type { Packet } from '@rtio/protocol';
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
  /** false: the path is used as given, without a trailing slash added. */
  addTrailingSlash?: boolean;
  /** Timers as they were when rtio loaded, so fake timers installed later do not reach the client (unless `clock` is given). */
  useNativeTimers?: boolean;
  /** A socket.io-parser compatible codec ({ Encoder, Decoder }), e.g. socket.io-msgpack-parser; the server must use the same. */
  parser?: CustomParser;
}

/** socket.io-parser's interface: `new Encoder().encode(packet)` gives the frames, `new Decoder()` emits `decoded`. */
export interface CustomParser {
  Encoder: new () => { encode(packet: Packet): unknown[] };
  Decoder: new () => {
    add(data: unknown): void;
    on(event: 'decoded', listener: (packet: Packet) => void): unknown;
    destroy(): void;
  };
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
