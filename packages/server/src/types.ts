// Shared types of the socket layer: event maps, typed acks, handshake, disconnect reasons.
import type { EventsMap, EventNames, EventParams, WithErrorAck, ParamsWithoutAck, AckResult } from '@rtio/protocol';

export type { EventsMap, EventNames, EventParams, WithErrorAck, ParamsWithoutAck, AckResult };

/** Event map used when an application gives none: any name, any arguments. */
export interface DefaultEventsMap {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [event: string]: (...args: any[]) => void;
}

export type Room = string;
export type SocketId = string;

/** Why a socket disconnected, as Socket.IO names it (plus 'backpressure', see docs/errors.md). */
export type DisconnectReason =
  | 'server namespace disconnect'
  | 'client namespace disconnect'
  | 'server shutting down'
  | 'forced server close'
  | 'transport close'
  | 'transport error'
  | 'forced close'
  | 'ping timeout'
  | 'parse error'
  | 'backpressure';

/** What the server knows of the request that opened a socket. */
export interface Handshake {
  headers: Record<string, string | string[] | undefined>;
  /** Date string of the connection time. */
  time: string;
  address: string;
  xdomain: boolean;
  secure: boolean;
  /** Connection time in ms since the epoch. */
  issued: number;
  url: string;
  query: Record<string, string | string[] | undefined>;
  auth: Record<string, unknown>;
}

/** What a broadcast with ack gives its callback: every recipient's first ack argument. */
export type BroadcastAckParams<P extends unknown[]> = P extends [...infer Rest, infer Callback]
  ? Callback extends (...response: infer R) => void
    ? [...Rest, (error: Error | null, responses: R[0][]) => void]
    : P
  : P;

/** Flags an emit carries down to the adapter and the transport. */
export interface BroadcastFlags {
  volatile?: boolean;
  compress?: boolean;
  local?: boolean;
  timeout?: number;
}

export interface BroadcastOptions {
  rooms: ReadonlySet<Room>;
  except: ReadonlySet<Room>;
  flags: BroadcastFlags;
}

/** Thrown at once on misuse of the API, with a message that says what to do. */
export class RtioUsageError extends Error {
  override readonly name = 'RtioUsageError';
}
