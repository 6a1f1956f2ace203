// Wire text (+ binary attachments) → Socket.IO packet, strictly validated, incrementally fed.
import { ProtocolError } from '../errors.js';
import { isBinary, restoreAttachments, type BinaryData } from './binary.js';
import { assertJsonDepth, assertNoForbiddenKeys } from './json-guard.js';
import { resolveLimits, tooManyAttachments, type PacketLimits } from './limits.js';
import { MAX_ACK_ID, PACKET_NAMES, PacketType, RESERVED_EVENTS, reservedEvent, type ConnectErrorData, type Packet } from './packet.js';


const SLASH = 0x2f;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MAX_ID_DIGITS = String(MAX_ACK_ID).length;

interface Header {
  type: PacketType;
  attachments: number;
  nsp: string;
  id: number | undefined;
  /** Index where the JSON payload starts (text length when there is none). */
  payloadStart: number;
}

function invalidJson(): ProtocolError {
  return new ProtocolError('INVALID_JSON', 'payload is not valid JSON');
}

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Explains why the characters at `from` are neither an ack id nor the start of the payload. */
function headerError(text: string, from: number, hasNamespace: boolean, digitsEnd: number): ProtocolError {
  const comma = text.indexOf(',', from);
  const jsonStart = text.slice(from).search(/[[{"]/);
  if (!hasNamespace && comma !== -1 && (jsonStart === -1 || comma < from + jsonStart)) {
    return new ProtocolError('INVALID_NAMESPACE', `namespace "${text.slice(from, comma)}" must start with "/"`);
  }
  if (digitsEnd > from) {
    return new ProtocolError('INVALID_ACK_ID', `ack id "${text.slice(from, digitsEnd + 1)}…" is not a decimal integer`);
  }
  return invalidJson();
}

function parseHeader(text: string, limits: PacketLimits): Header {
  const type = (text.charCodeAt(0) - DIGIT_0) as PacketType; // NaN for an empty text
  if (!(type >= PacketType.CONNECT && type <= PacketType.BINARY_ACK)) {
    throw new ProtocolError('UNKNOWN_PACKET_TYPE', text ? `unknown packet type ${JSON.stringify(text[0])}` : 'empty packet');
  }
  let at = 1;
  let attachments = 0;
  if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) {
    const dash = text.indexOf('-', 1);
    const count = dash === -1 ? '' : text.slice(1, dash);
    if (!/^\d+$/.test(count)) {
      throw new ProtocolError('INVALID_ATTACHMENT_COUNT', `attachment count ${JSON.stringify(text.slice(1, dash === -1 ? 12 : dash))} is not "<digits>-"`);
    }
    // Compare the digits' length first so a 400-digit count is never converted.
    if (count.length > 9 || Number(count) > limits.maxAttachments) throw tooManyAttachments(count.slice(0, 12), limits);
    attachments = Number(count);
    at = dash + 1;
  }
  let nsp = '/';
  const hasNamespace = text.charCodeAt(at) === SLASH;
  if (hasNamespace) {
    const comma = text.indexOf(',', at);
    const end = comma === -1 ? text.length : comma;
    nsp = text.slice(at, end);
    at = comma === -1 ? end : comma + 1;
  }
  let digitsEnd = at;
  while (digitsEnd < text.length && isDigit(text.charCodeAt(digitsEnd))) digitsEnd++;
  let id: number | undefined;
  if (digitsEnd > at) {
    if (digitsEnd - at > MAX_ID_DIGITS || Number(text.slice(at, digitsEnd)) > MAX_ACK_ID) {
      throw new ProtocolError('INVALID_ACK_ID', `ack id ${text.slice(at, Math.min(digitsEnd, at + 20))} is above 2^53-1`);
    }
    id = Number(text.slice(at, digitsEnd));
  }
  if (digitsEnd < text.length) {
    const next = text.charAt(digitsEnd);
    if (next !== '[' && next !== '{' && next !== '"') throw headerError(text, at, hasNamespace, digitsEnd);
  }
  return { type, attachments, nsp, id, payloadStart: digitsEnd };
}

function parsePayload(text: string, start: number, maxDepth: number): unknown {
  if (start >= text.length) return undefined;
  const json = start === 0 ? text : text.slice(start);
  assertJsonDepth(json, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalidJson();
  }
  assertNoForbiddenKeys(json, value);
  return value;
}

function invalidPayload(message: string): ProtocolError {
  return new ProtocolError('INVALID_PAYLOAD', message);
}

/** Checks that the payload has the shape its packet type requires and builds the packet. */
function toPacket({ type, nsp, id }: Header, data: unknown): Packet {
  if (type === PacketType.EVENT || type === PacketType.BINARY_EVENT) {
    if (!Array.isArray(data) || typeof data[0] !== 'string') {
      throw invalidPayload('EVENT payload must be a non-empty array starting with the event name');
    }
    if (RESERVED_EVENTS.has(data[0])) throw reservedEvent(data[0]);
    const packet = { type, nsp, data: data as [string, ...unknown[]] };
    return id === undefined ? packet : { ...packet, id };
  }
  if (type === PacketType.ACK || type === PacketType.BINARY_ACK) {
    if (!Array.isArray(data)) throw invalidPayload('ACK payload must be an array');
    if (id === undefined) throw new ProtocolError('INVALID_ACK_ID', 'an ACK packet needs the id it answers');
    return { type, nsp, id, data };
  }
  // CONNECT, DISCONNECT and CONNECT_ERROR answer nothing and are never answered.
  if (id !== undefined) throw new ProtocolError('INVALID_ACK_ID', `a ${PACKET_NAMES[type]} packet carries no ack id`);
  if (type === PacketType.CONNECT) {
    if (data !== undefined && !isPlainObject(data)) throw invalidPayload('CONNECT payload must be a JSON object');
    return data === undefined ? { type, nsp } : { type, nsp, data };
  }
  if (type === PacketType.DISCONNECT) {
    if (data !== undefined) throw invalidPayload('DISCONNECT carries no payload');
    return { type, nsp };
  }
  if (typeof data !== 'string' && !(isPlainObject(data) && typeof data.message === 'string')) {
    throw invalidPayload('CONNECT_ERROR payload must be a string or {message, data?}');
  }
  return { type: PacketType.CONNECT_ERROR, nsp, data: data as ConnectErrorData | string };
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
  #pendingHeader: Header | undefined;
  #pendingPacket: Packet | undefined;
  #attachments: BinaryData[] = [];

  constructor(limits: Partial<PacketLimits> = {}) {
    this.#limits = resolveLimits(limits);
  }

  /** How many attachments the packet being assembled still waits for. */
  get awaitingAttachments(): number {
    return this.#pendingHeader ? this.#pendingHeader.attachments - this.#attachments.length : 0;
  }

  add(chunk: string | BinaryData): Packet | null {
    try {
      return typeof chunk === 'string' ? this.#addText(chunk) : this.#addBinary(chunk);
    } catch (error) {
      this.reset();
      throw error;
    }
  }

  /** Drops a half-assembled binary packet (the connection closed). */
  reset(): void {
    this.#pendingHeader = undefined;
    this.#pendingPacket = undefined;
    this.#attachments = [];
  }

  #addText(text: string): Packet | null {
    if (this.#pendingHeader) {
      throw new ProtocolError('UNEXPECTED_TEXT', `text while ${this.awaitingAttachments} binary attachment(s) are awaited`);
    }
    const header = parseHeader(text, this.#limits);
    const packet = toPacket(header, parsePayload(text, header.payloadStart, this.#limits.maxDepth));
    if (header.type !== PacketType.BINARY_EVENT && header.type !== PacketType.BINARY_ACK) return packet;
    // The shape is checked now; placeholders are checked once every attachment is in.
    if (header.attachments === 0) return this.#complete(packet, []);
    this.#pendingHeader = header;
    this.#pendingPacket = packet;
    return null;
  }

  #addBinary(chunk: BinaryData): Packet | null {
    if (!this.#pendingHeader) throw new ProtocolError('UNEXPECTED_BINARY', 'binary data while no attachment is awaited');
    if (!isBinary(chunk)) throw new ProtocolError('UNEXPECTED_BINARY', 'attachment is not binary data');
    this.#attachments.push(chunk);
    if (this.awaitingAttachments > 0) return null;
    const packet = this.#pendingPacket as Packet;
    const attachments = this.#attachments;
    this.reset();
    return this.#complete(packet, attachments);
  }

  #complete(packet: Packet, attachments: BinaryData[]): Packet {
    if ('data' in packet) restoreAttachments(packet.data, attachments);
    return packet;
  }
}
