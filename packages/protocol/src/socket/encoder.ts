// Socket.IO packet → wire text plus binary attachments, byte-identical to socket.io-parser.
import { ProtocolError } from '../errors.js';
import { extractAttachments, type BinaryData } from './binary.js';
import { resolveLimits, tooManyAttachments, type PacketLimits } from './limits.js';
import { PacketType, RESERVED_EVENTS, reservedEvent, type Packet } from './packet.js';

/** The text packet first, then each attachment in placeholder order. */
export type EncodedPacket = [string, ...BinaryData[]];


function assertEncodable(packet: Packet): void {
  const { nsp, type } = packet;
  if (typeof nsp !== 'string' || nsp[0] !== '/' || nsp.includes(',')) {
    throw new ProtocolError('INVALID_NAMESPACE', `namespace ${JSON.stringify(nsp)} must start with "/" and have no ","`);
  }
  const id = (packet as { id?: unknown }).id;
  if (id !== undefined && (!Number.isSafeInteger(id) || (id as number) < 0)) {
    throw new ProtocolError('INVALID_ACK_ID', `ack id ${String(id)} is not an integer in [0, 2^53-1]`);
  }
  const data: unknown = (packet as { data?: unknown }).data;
  if (type === PacketType.EVENT || type === PacketType.BINARY_EVENT) {
    const name: unknown = Array.isArray(data) ? data[0] : undefined;
    if (typeof name !== 'string') {
      throw new ProtocolError('INVALID_PAYLOAD', 'EVENT payload must be a non-empty array starting with the event name');
    }
    if (RESERVED_EVENTS.has(name)) throw reservedEvent(name);
  } else if (type === PacketType.ACK || type === PacketType.BINARY_ACK) {
    if (!Array.isArray(data)) throw new ProtocolError('INVALID_PAYLOAD', 'ACK payload must be an array');
    if (id === undefined) throw new ProtocolError('INVALID_ACK_ID', 'an ACK packet needs the id it answers');
  } else if (type !== PacketType.CONNECT && type !== PacketType.DISCONNECT && type !== PacketType.CONNECT_ERROR) {
    throw new ProtocolError('UNKNOWN_PACKET_TYPE', `unknown packet type ${String(type)}`);
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
  readonly #limits: PacketLimits;

  constructor(limits: Partial<PacketLimits> = {}) {
    this.#limits = resolveLimits(limits);
  }

  encode(packet: Packet): EncodedPacket {
    assertEncodable(packet);
    const limits = this.#limits;
    const attachments: BinaryData[] = [];
    let type: PacketType = packet.type;
    let data: unknown = 'data' in packet ? packet.data : undefined;
    if (data !== undefined) data = extractAttachments(data, attachments, limits.maxDepth);
    const count = attachments.length;
    if (count > limits.maxAttachments) throw tooManyAttachments(count, limits);
    if (type === PacketType.EVENT || type === PacketType.BINARY_EVENT) type = count > 0 ? PacketType.BINARY_EVENT : PacketType.EVENT;
    else if (type === PacketType.ACK || type === PacketType.BINARY_ACK) type = count > 0 ? PacketType.BINARY_ACK : PacketType.ACK;
    let text = String(type);
    if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) text += `${count}-`;
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
