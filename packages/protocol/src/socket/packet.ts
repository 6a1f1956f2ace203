// Socket.IO protocol 5 packets: the types and the shape of each.
import { ProtocolError } from '../errors.js';

/** Socket.IO protocol revision spoken by rtio. */
export const SOCKET_PROTOCOL = 5;

export const PacketType = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

/** Each type's name, indexed by its number (PacketType lists them in order), for error messages. */
export const PACKET_NAMES = Object.keys(PacketType) as ReadonlyArray<keyof typeof PacketType>;

/** What a server sends when it refuses a namespace connection. */
export interface ConnectErrorData {
  message: string;
  data?: unknown;
}

export interface ConnectPacket {
  type: typeof PacketType.CONNECT;
  nsp: string;
  /** Client→server: the auth payload; server→client: `{ sid }`. */
  data?: Record<string, unknown>;
}

export interface DisconnectPacket {
  type: typeof PacketType.DISCONNECT;
  nsp: string;
}

export interface EventPacket {
  type: typeof PacketType.EVENT | typeof PacketType.BINARY_EVENT;
  nsp: string;
  id?: number;
  /** `[eventName, ...args]`. */
  data: [string, ...unknown[]];
}

export interface AckPacket {
  type: typeof PacketType.ACK | typeof PacketType.BINARY_ACK;
  nsp: string;
  id: number;
  data: unknown[];
}

export interface ConnectErrorPacket {
  type: typeof PacketType.CONNECT_ERROR;
  nsp: string;
  data: ConnectErrorData | string;
}

export type Packet = ConnectPacket | DisconnectPacket | EventPacket | AckPacket | ConnectErrorPacket;

/** Event names the protocol keeps for itself: never sent by applications, rejected on receipt. */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);

/** Thrown when a reserved event name is sent or received. */
export function reservedEvent(name: string): ProtocolError {
  return new ProtocolError('RESERVED_EVENT_NAME', `"${name}" is a reserved event name`);
}

/** Largest ack id: ids travel as decimal integers and must stay exact in a JS number. */
export const MAX_ACK_ID = Number.MAX_SAFE_INTEGER;
