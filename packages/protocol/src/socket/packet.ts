// Socket.IO protocol 5 packets: the types and the shape of each.
// No imports: bundlers inline the constants of an import-free module into the modules using them.

/** Socket.IO protocol revision spoken by rtio. */
export const SOCKET_PROTOCOL = 5;

// Each type also as a plain constant, inlined by bundlers where PacketType.X stays a lookup.
export const CONNECT = 0;
export const DISCONNECT = 1;
export const EVENT = 2;
export const ACK = 3;
export const CONNECT_ERROR = 4;
export const BINARY_EVENT = 5;
export const BINARY_ACK = 6;

export const PacketType = { CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK } as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

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

/** Largest ack id: ids travel as decimal integers and must stay exact in a JS number. */
export const MAX_ACK_ID = Number.MAX_SAFE_INTEGER;

export function isEventType(type: number): boolean {
  return type === EVENT || type === BINARY_EVENT;
}

export function isAckType(type: number): boolean {
  return type === ACK || type === BINARY_ACK;
}

export function isBinaryType(type: number): boolean {
  return type === BINARY_EVENT || type === BINARY_ACK;
}
