// What nodes say to each other over Redis, and its encoding: MessagePack, so binary payloads
// and acks' Buffers cross nodes as bytes.
import { decode, encode } from '@msgpack/msgpack';
import type { Packet } from '@rtio/protocol';
import type { BroadcastFlags, BroadcastOptions } from '@rtio/server';

export const MessageType = {
  /** "I am alive", every heartbeatInterval. */
  HEARTBEAT: 1,
  /** A node started (or got Redis back): the others answer with a HEARTBEAT to it at once. */
  HELLO: 2,
  /** A node is closing: stop waiting for it. */
  CLOSE: 3,
  BROADCAST: 4,
  BROADCAST_WITH_ACK: 5,
  /** One client's answer to a broadcast with ack, sent back to the emitting node. */
  BROADCAST_ACK: 6,
  ADD_SOCKETS: 7,
  DEL_SOCKETS: 8,
  DISCONNECT_SOCKETS: 9,
  FETCH_SOCKETS: 10,
  SOCKET_IDS: 11,
  ROOM_SIZE: 12,
  SERVER_SIDE_EMIT: 13,
  /** The one answer of a node to a request (`rid`), sent to the requesting node's channel. */
  RESPONSE: 14,
} as const;

export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];

/** BroadcastOptions as it crosses nodes (sets become arrays; `local` never crosses). */
export interface WireOptions {
  rooms: string[];
  except: string[];
  flags: BroadcastFlags;
}

export interface ClusterMessage {
  t: MessageTypeCode;
  /** The sending node. */
  uid: string;
  /** The request this message starts or answers. */
  rid?: number;
  packet?: Packet;
  opts?: WireOptions;
  rooms?: string[];
  close?: boolean;
  room?: string;
  args?: unknown[];
  payload?: unknown;
}

export function toWire(options: BroadcastOptions): WireOptions {
  const { local: _local, ...flags } = options.flags;
  return { rooms: [...options.rooms], except: [...options.except], flags };
}

export function fromWire(options: WireOptions): BroadcastOptions {
  return { rooms: new Set(options.rooms), except: new Set(options.except), flags: options.flags ?? {} };
}

export function encodeMessage(message: ClusterMessage): Buffer {
  const bytes = encode(message);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function isWireOptions(value: unknown): value is WireOptions {
  const options = value as WireOptions;
  return typeof value === 'object' && value !== null && isStringArray(options.rooms) && isStringArray(options.except) && typeof options.flags === 'object';
}

function isPacket(value: unknown): value is Packet {
  const packet = value as Packet;
  return typeof value === 'object' && value !== null && typeof packet.type === 'number' && typeof packet.nsp === 'string';
}

/**
 * Decodes and checks one message; undefined for anything malformed (another program on the
 * channel, a version mismatch): such input is dropped, never thrown into the event loop.
 */
export function decodeMessage(bytes: Buffer): ClusterMessage | undefined {
  let message: ClusterMessage;
  try {
    message = decode(bytes) as ClusterMessage;
  } catch {
    return undefined;
  }
  if (typeof message !== 'object' || message === null || typeof message.t !== 'number' || typeof message.uid !== 'string') return undefined;
  if (message.rid !== undefined && typeof message.rid !== 'number') return undefined;
  if (message.packet !== undefined && !isPacket(message.packet)) return undefined;
  if (message.opts !== undefined && !isWireOptions(message.opts)) return undefined;
  if (message.rooms !== undefined && !isStringArray(message.rooms)) return undefined;
  if (message.args !== undefined && !Array.isArray(message.args)) return undefined;
  return message;
}
