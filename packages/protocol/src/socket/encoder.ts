// Socket.IO packet → wire text plus binary attachments, byte-identical to socket.io-parser.
import { ProtocolError } from '../errors.js';
import { extractAttachments, type BinaryData } from './binary.js';
import { resolveLimits, type PacketLimits } from './limits.js';
import { MAX_ACK_ID, PacketType, RESERVED_EVENTS, type Packet } from './packet.js';

/** The text packet first, then each attachment in placeholder order. */
export type EncodedPacket = [string, ...BinaryData[]];

function assertEncodable(packet: Packet): void {
  if (typeof packet.nsp !== 'string' || !packet.nsp.startsWith('/') || packet.nsp.includes(',')) {
    throw new ProtocolError('INVALID_NAMESPACE', `namespace ${JSON.stringify(packet.nsp)} must start with "/" and contain no ","`);
  }
  const id = (packet as { id?: unknown }).id;
  if (id !== undefined && (!Number.isSafeInteger(id) || (id as number) < 0)) {
    throw new ProtocolError('INVALID_ACK_ID', `ack id ${String(id)} must be an integer from 0 to ${MAX_ACK_ID}`);
  }
  switch (packet.type) {
    case PacketType.EVENT:
    case PacketType.BINARY_EVENT: {
      const name: unknown = Array.isArray(packet.data) ? packet.data[0] : undefined;
      if (typeof name !== 'string') {
        throw new ProtocolError('INVALID_PAYLOAD', 'an EVENT needs data [eventName, ...args] with a string name');
      }
      if (RESERVED_EVENTS.has(name)) {
        throw new ProtocolError('RESERVED_EVENT_NAME', `"${name}" is a reserved event name and cannot be emitted`);
      }
      return;
    }
    case PacketType.ACK:
    case PacketType.BINARY_ACK:
      if (!Array.isArray(packet.data)) throw new ProtocolError('INVALID_PAYLOAD', 'an ACK needs an array of arguments');
      if (id === undefined) throw new ProtocolError('INVALID_ACK_ID', 'an ACK needs the id it answers');
      return;
    case PacketType.CONNECT:
    case PacketType.DISCONNECT:
    case PacketType.CONNECT_ERROR:
      return;
    default:
      throw new ProtocolError('UNKNOWN_PACKET_TYPE', `unknown packet type ${String((packet as { type: unknown }).type)}`);
  }
}

/**
 * Encodes packets as `<type>[<attachments>-][<nsp>,][<id>][<json>]`. EVENT and ACK packets with
 * binaries inside become BINARY_EVENT / BINARY_ACK with placeholders.
 * @example
 * new PacketEncoder().encode({ type: PacketType.EVENT, nsp: '/', id: 1, data: ['hi', 42] });
 * // → ['21["hi",42]']
 */
export class PacketEncoder {
  private readonly limits: PacketLimits;

  constructor(limits: Partial<PacketLimits> = {}) {
    this.limits = resolveLimits(limits);
  }

  encode(packet: Packet): EncodedPacket {
    assertEncodable(packet);
    const attachments: BinaryData[] = [];
    let type: PacketType = packet.type;
    let data: unknown = 'data' in packet ? packet.data : undefined;
    if (data !== undefined) data = extractAttachments(data, attachments, this.limits.maxDepth);
    if (attachments.length > this.limits.maxAttachments) {
      throw new ProtocolError(
        'TOO_MANY_ATTACHMENTS',
        `packet has ${attachments.length} binary attachments; the limit is ${this.limits.maxAttachments}`,
      );
    }
    if (type === PacketType.EVENT || type === PacketType.BINARY_EVENT) {
      type = attachments.length > 0 ? PacketType.BINARY_EVENT : PacketType.EVENT;
    } else if (type === PacketType.ACK || type === PacketType.BINARY_ACK) {
      type = attachments.length > 0 ? PacketType.BINARY_ACK : PacketType.ACK;
    }
    let text = String(type);
    if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) text += `${attachments.length}-`;
    if (packet.nsp !== '/') text += `${packet.nsp},`;
    const id = (packet as { id?: number }).id;
    if (id !== undefined) text += String(id);
    if (data !== undefined && data !== null) text += JSON.stringify(data);
    return [text, ...attachments];
  }
}

const defaultEncoder = new PacketEncoder();

/** Encodes with the default limits. */
export function encodePacket(packet: Packet): EncodedPacket {
  return defaultEncoder.encode(packet);
}
