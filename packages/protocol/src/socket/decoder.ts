// Wire text (+ binary attachments) → Socket.IO packet, strictly validated, incrementally fed.
import { ProtocolError, VERBOSE } from '../errors.js';
import { isBinary, restoreAttachments, type BinaryData } from './binary.js';
import { isObject, parseJson } from './json-guard.js';
import { resolveLimits, tooManyAttachments, type PacketLimits } from './limits.js';
import {
  BINARY_ACK,
  CONNECT,
  DISCONNECT,
  MAX_ACK_ID,
  isBinaryType,
  type AckPacket,
  type EventPacket,
  type Packet,
  type PacketType,
} from './packet.js';
import { checkEventOrAck } from './packet-rules.js';

/** Where the run of decimal digits starting at `from` ends. */
function digitsEnd(text: string, from: number): number {
  while (text.charCodeAt(from) >= 48 && text.charCodeAt(from) <= 57) from++; // 0-9
  return from;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isObject(value) && !Array.isArray(value);
}

/** Checks the payload of the types that carry no ack id and are never answered. */
function assertConnectionPayload(type: number, data: unknown): void {
  const valid =
    type === CONNECT
      ? data === undefined || isPlainObject(data)
      : type === DISCONNECT
        ? data === undefined
        : typeof data === 'string' || (isPlainObject(data) && typeof data.message === 'string');
  if (!valid) {
    throw new ProtocolError(
      'INVALID_PAYLOAD',
      VERBOSE &&
        (type === CONNECT
          ? 'CONNECT payload must be a JSON object'
          : type === DISCONNECT
            ? 'DISCONNECT carries no payload'
            : 'CONNECT_ERROR payload must be a string or {message, data?}'),
    );
  }
}

/**
 * Parses and checks `<type>[<attachments>-][<nsp>,][<ack id>][<json>]`; returns the packet and the
 * attachment count it announced.
 */
function decodeText(text: string, limits: PacketLimits): [Packet, number] {
  const type = (text.charCodeAt(0) - 48) as PacketType; // NaN for an empty text
  if (!(type >= CONNECT && type <= BINARY_ACK)) {
    throw new ProtocolError('UNKNOWN_PACKET_TYPE', VERBOSE && (text ? 'unknown packet type' : 'empty packet'));
  }
  let at = 1;
  let count = 0;
  if (isBinaryType(type)) {
    at = digitsEnd(text, 1);
    // Over 9 digits is too many whatever the limit, and is never converted. No digits is 0.
    count = at > 10 ? Infinity : +text.slice(1, at);
    // A binary packet carries at least one attachment (socket.io-parser 4.2 also refuses 0).
    if (!count || text[at] !== '-') {
      throw new ProtocolError('INVALID_ATTACHMENT_COUNT', VERBOSE && 'attachment count is not "<digits>-" with at least 1');
    }
    if (count > limits.maxAttachments) throw tooManyAttachments(limits);
    at++;
  }
  let nsp = '/';
  const hasNamespace = text[at] === '/';
  if (hasNamespace) {
    const comma = text.indexOf(',', at);
    const stop = comma < 0 ? text.length : comma;
    nsp = text.slice(at, stop);
    at = stop + 1; // past the comma, or the end

  }
  const end = digitsEnd(text, at);
  let id: number | undefined;
  if (end > at) {
    // Over 16 digits counts as above 2^53-1, even zero-padded, and is never converted.
    id = end - at > 16 ? Infinity : +text.slice(at, end);
    if (id > MAX_ACK_ID) throw new ProtocolError('INVALID_ACK_ID', VERBOSE && 'ack id is above 2^53-1');
  }
  let data: unknown;
  if (end < text.length) {
    if (!'[{"'.includes(text[end] as string)) {
      // Neither an id nor a payload: tell a namespace without its "/" from a malformed id or payload.
      if (!hasNamespace && /^[^[{"]*,/.test(text.slice(at))) {
        throw new ProtocolError('INVALID_NAMESPACE', VERBOSE && 'namespace must start with "/"');
      }
      if (end > at) throw new ProtocolError('INVALID_ACK_ID', VERBOSE && 'ack id is not a decimal integer');
      throw new ProtocolError('INVALID_JSON', VERBOSE && 'payload is not valid JSON');
    }
    data = parseJson(text.slice(end), limits.maxDepth);
  }
  if (!checkEventOrAck(type, id, data)) {
    if (id !== undefined) throw new ProtocolError('INVALID_ACK_ID', VERBOSE && `packet type ${type} carries no ack id`);
    assertConnectionPayload(type, data);
  }
  const packet = data === undefined ? { type, nsp } : id === undefined ? { type, nsp, data } : { type, nsp, id, data };
  return [packet as Packet, count];
}

/**
 * Decodes Engine.IO message payloads into Socket.IO packets. Feed every message in order with
 * `add()`: it returns the packet once complete, or null while a binary packet waits for its
 * attachments. Any violation throws a ProtocolError and resets the decoder.
 * @example
 * const decoder = new PacketDecoder();
 * decoder.add('451-["file",{"_placeholder":true,"num":0}]'); // null: waiting
 * decoder.add(new Uint8Array([1, 2, 3]));                     // the BINARY_EVENT packet
 */
export class PacketDecoder {
  readonly #limits: PacketLimits;
  /** The binary packet being assembled, how many attachments it still waits for, those received. */
  #pending: EventPacket | AckPacket | undefined;
  #missing = 0;
  #attachments: BinaryData[] = [];

  constructor(limits: Partial<PacketLimits> = {}) {
    this.#limits = resolveLimits(limits);
  }

  /** How many attachments the packet being assembled still waits for. */
  get awaitingAttachments(): number {
    return this.#missing;
  }

  add(chunk: string | BinaryData): Packet | null {
    try {
      if (typeof chunk === 'string') {
        if (this.#missing) {
          throw new ProtocolError('UNEXPECTED_TEXT', VERBOSE && `text while ${this.#missing} binary attachment(s) are awaited`);
        }
        const [packet, announced] = decodeText(chunk, this.#limits);
        if (!isBinaryType(packet.type)) return packet;
        // The shape is checked now; the placeholders once every attachment is in.
        this.#pending = packet as EventPacket | AckPacket;
        this.#missing = announced;
      } else {
        if (!this.#missing || !isBinary(chunk)) {
          throw new ProtocolError('UNEXPECTED_BINARY', VERBOSE && (this.#missing ? 'attachment is not binary data' : 'binary data while no attachment is awaited'));
        }
        this.#attachments.push(chunk);
        this.#missing--;
      }
      if (this.#missing) return null;
      const packet = this.#pending as EventPacket | AckPacket;
      restoreAttachments(packet.data, this.#attachments);
      this.reset();
      return packet;
    } catch (error) {
      this.reset();
      throw error;
    }
  }

  /** socket.io-parser's name for reset(), so a client holds rtio's decoder and a `parser`'s alike. */
  destroy(): void {
    this.reset();
  }

  /** Drops a half-assembled binary packet (the connection closed). */
  reset(): void {
    this.#pending = undefined;
    this.#missing = 0;
    this.#attachments = [];
  }
}
