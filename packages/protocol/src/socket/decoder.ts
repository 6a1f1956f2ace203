// Wire text (+ binary attachments) → Socket.IO packet, strictly validated, incrementally fed.
import { ProtocolError } from '../errors.js';
import { isBinary, restoreAttachments, type BinaryData } from './binary.js';
import { assertJsonDepth, assertNoForbiddenKeys } from './json-guard.js';
import { resolveLimits, type PacketLimits } from './limits.js';
import { MAX_ACK_ID, PacketType, RESERVED_EVENTS, type ConnectErrorData, type Packet } from './packet.js';

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
    return new ProtocolError('INVALID_ACK_ID', `ack id "${text.slice(from, Math.max(digitsEnd + 1, from + 1))}…" is not a decimal integer`);
  }
  return new ProtocolError('INVALID_JSON', `payload does not start a JSON array, object or string`);
}

function parseHeader(text: string, limits: PacketLimits): Header {
  if (text.length === 0) throw new ProtocolError('UNKNOWN_PACKET_TYPE', 'empty Socket.IO packet');
  const typeCode = text.charCodeAt(0) - DIGIT_0;
  if (typeCode < PacketType.CONNECT || typeCode > PacketType.BINARY_ACK) {
    throw new ProtocolError('UNKNOWN_PACKET_TYPE', `unknown packet type ${JSON.stringify(text.charAt(0))}`);
  }
  const type = typeCode as PacketType;
  let at = 1;
  let attachments = 0;
  if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) {
    const dash = text.indexOf('-', 1);
    const count = dash === -1 ? '' : text.slice(1, dash);
    if (!/^\d+$/.test(count)) {
      throw new ProtocolError('INVALID_ATTACHMENT_COUNT', `binary packet needs "<count>-" with a non-negative integer count, got ${JSON.stringify(text.slice(1, dash === -1 ? 12 : dash))}`);
    }
    // Compare the digits' length first so a 400-digit count is never converted.
    if (count.length > 9 || Number(count) > limits.maxAttachments) {
      throw new ProtocolError('TOO_MANY_ATTACHMENTS', `packet announces ${count.slice(0, 12)} attachments; the limit is ${limits.maxAttachments}`);
    }
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
    throw new ProtocolError('INVALID_JSON', 'payload is not valid JSON');
  }
  assertNoForbiddenKeys(json, value);
  return value;
}

function noIdAllowed(header: Header, name: string): void {
  if (header.id !== undefined) throw new ProtocolError('INVALID_ACK_ID', `a ${name} packet carries no ack id`);
}

/** Checks that the payload has the shape its packet type requires and builds the packet. */
function toPacket(header: Header, data: unknown): Packet {
  const { nsp, id } = header;
  switch (header.type) {
    case PacketType.CONNECT:
      noIdAllowed(header, 'CONNECT');
      if (data !== undefined && !isPlainObject(data)) {
        throw new ProtocolError('INVALID_PAYLOAD', 'CONNECT payload must be a JSON object');
      }
      return data === undefined ? { type: PacketType.CONNECT, nsp } : { type: PacketType.CONNECT, nsp, data };
    case PacketType.DISCONNECT:
      noIdAllowed(header, 'DISCONNECT');
      if (data !== undefined) throw new ProtocolError('INVALID_PAYLOAD', 'DISCONNECT carries no payload');
      return { type: PacketType.DISCONNECT, nsp };
    case PacketType.CONNECT_ERROR:
      noIdAllowed(header, 'CONNECT_ERROR');
      if (typeof data !== 'string' && !(isPlainObject(data) && typeof data.message === 'string')) {
        throw new ProtocolError('INVALID_PAYLOAD', 'CONNECT_ERROR payload must be a string or {message, data?}');
      }
      return { type: PacketType.CONNECT_ERROR, nsp, data: data as ConnectErrorData | string };
    case PacketType.EVENT:
    case PacketType.BINARY_EVENT: {
      if (!Array.isArray(data) || data.length === 0 || typeof data[0] !== 'string') {
        throw new ProtocolError('INVALID_PAYLOAD', 'EVENT payload must be a non-empty array starting with the event name');
      }
      if (RESERVED_EVENTS.has(data[0])) {
        throw new ProtocolError('RESERVED_EVENT_NAME', `"${data[0]}" is a reserved event name`);
      }
      const packet = { type: header.type, nsp, data: data as [string, ...unknown[]] };
      return id === undefined ? packet : { ...packet, id };
    }
    case PacketType.ACK:
    case PacketType.BINARY_ACK:
      if (!Array.isArray(data)) throw new ProtocolError('INVALID_PAYLOAD', 'ACK payload must be an array');
      if (id === undefined) throw new ProtocolError('INVALID_ACK_ID', 'an ACK packet needs the id it answers');
      return { type: header.type, nsp, id, data };
  }
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
  private readonly limits: PacketLimits;
  private pendingHeader: Header | undefined;
  private pendingPacket: Packet | undefined;
  private attachments: BinaryData[] = [];

  constructor(limits: Partial<PacketLimits> = {}) {
    this.limits = resolveLimits(limits);
  }

  /** How many attachments the packet being assembled still waits for. */
  get awaitingAttachments(): number {
    return this.pendingHeader ? this.pendingHeader.attachments - this.attachments.length : 0;
  }

  add(chunk: string | BinaryData): Packet | null {
    try {
      return typeof chunk === 'string' ? this.addText(chunk) : this.addBinary(chunk);
    } catch (error) {
      this.reset();
      throw error;
    }
  }

  /** Drops a half-assembled binary packet (the connection closed). */
  reset(): void {
    this.pendingHeader = undefined;
    this.pendingPacket = undefined;
    this.attachments = [];
  }

  private addText(text: string): Packet | null {
    if (this.pendingHeader) {
      throw new ProtocolError('UNEXPECTED_TEXT', `text packet received while ${this.awaitingAttachments} binary attachment(s) are awaited`);
    }
    const header = parseHeader(text, this.limits);
    const packet = toPacket(header, parsePayload(text, header.payloadStart, this.limits.maxDepth));
    if (header.type !== PacketType.BINARY_EVENT && header.type !== PacketType.BINARY_ACK) return packet;
    // The shape is checked now; placeholders are checked once every attachment is in.
    if (header.attachments === 0) return this.complete(packet, []);
    this.pendingHeader = header;
    this.pendingPacket = packet;
    return null;
  }

  private addBinary(chunk: BinaryData): Packet | null {
    if (!this.pendingHeader) throw new ProtocolError('UNEXPECTED_BINARY', 'binary data received while no attachment is awaited');
    if (!isBinary(chunk)) throw new ProtocolError('UNEXPECTED_BINARY', 'attachment is not binary data');
    this.attachments.push(chunk);
    if (this.awaitingAttachments > 0) return null;
    const packet = this.pendingPacket as Packet;
    const attachments = this.attachments;
    this.reset();
    return this.complete(packet, attachments);
  }

  private complete(packet: Packet, attachments: BinaryData[]): Packet {
    if ('data' in packet) restoreAttachments(packet.data, attachments);
    return packet;
  }
}
