// Socket.IO packet → wire text plus binary attachments, byte-identical to socket.io-parser.
import { ProtocolError, VERBOSE } from '../errors.js';
import { extractAttachments, type BinaryData } from './binary.js';
import { resolveLimits, tooManyAttachments, type PacketLimits } from './limits.js';
import {
  ACK,
  BINARY_ACK,
  BINARY_EVENT,
  CONNECT,
  CONNECT_ERROR,
  DISCONNECT,
  EVENT,
  isAckType,
  isEventType,
  type Packet,
} from './packet.js';
import { checkEventOrAck } from './packet-rules.js';

/** The text packet first, then each attachment in placeholder order. */
export type EncodedPacket = [string, ...BinaryData[]];

/**
 * Serializes a packet whose shape its builder guarantees (rtio's client builds every packet it
 * sends): only the limits are checked, so bundles that never validate leave the checks out.
 */
export function serializePacket(packet: Packet, limits: PacketLimits): EncodedPacket {
  const { type, nsp, id, data } = packet as Packet & { id?: number; data?: unknown };
  const attachments: BinaryData[] = [];
  const payload = extractAttachments(data, attachments, limits.maxDepth);
  const count = attachments.length;
  if (count > limits.maxAttachments) throw tooManyAttachments(limits);
  // EVENT and ACK travel as BINARY_EVENT / BINARY_ACK exactly when they carry attachments.
  const event = isEventType(type);
  const binary = count > 0 && (event || isAckType(type));
  const wireType = event ? (binary ? BINARY_EVENT : EVENT) : isAckType(type) ? (binary ? BINARY_ACK : ACK) : type;
  let text = String(wireType);
  if (binary) text += `${count}-`;
  if (nsp !== '/') text += `${nsp},`;
  if (id !== undefined) text += id;
  if (payload != null) text += JSON.stringify(payload);
  return [text, ...attachments];
}

/** Throws the ProtocolError a peer would raise on receiving this packet's header or shape. */
export function checkEncodable(packet: Packet): void {
  const { type, nsp, id, data } = packet as Packet & { id?: unknown; data?: unknown };
  if (typeof nsp !== 'string' || nsp[0] !== '/' || nsp.includes(',')) {
    throw new ProtocolError('INVALID_NAMESPACE', VERBOSE && 'namespace must start with "/" and have no ","');
  }
  if (id !== undefined && !(Number.isSafeInteger(id) && (id as number) >= 0)) {
    throw new ProtocolError('INVALID_ACK_ID', VERBOSE && 'ack id is not an integer in [0, 2^53-1]');
  }
  if (!checkEventOrAck(type, id as number | undefined, data) && type !== CONNECT && type !== DISCONNECT && type !== CONNECT_ERROR) {
    throw new ProtocolError('UNKNOWN_PACKET_TYPE', VERBOSE && 'unknown packet type');
  }
}

/**
 * Encodes packets as `<type>[<attachments>-][<nsp>,][<id>][<json>]`, after checking their shape.
 * EVENT and ACK packets with binaries inside become BINARY_EVENT / BINARY_ACK with placeholders.
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
    checkEncodable(packet);
    return serializePacket(packet, this.#limits);
  }
}

const defaultEncoder = /* @__PURE__ */ new PacketEncoder();

/** Encodes with the default limits. */
export function encodePacket(packet: Packet): EncodedPacket {
  return defaultEncoder.encode(packet);
}
