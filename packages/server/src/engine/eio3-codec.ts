// Engine.IO protocol 3 (Socket.IO 2 clients, `allowEIO3`): how its packets and polling payloads
// differ from protocol 4. Payloads are `<length>:<packet>` records (length in UTF-16 units) with
// binary as `b4<base64>`, or, for clients that accept binary, records of
// `<0 text | 1 binary><length digits as bytes><255><bytes>`; a binary WebSocket frame starts with
// its packet type byte.
import { ProtocolError, type EnginePacket, type EnginePacketType } from '@rtio/protocol';
import { asBuffer } from './wire.js';

const TYPES: readonly EnginePacketType[] = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
const TYPE_NUMBER = Object.fromEntries(TYPES.map((type, index) => [type, index])) as Record<EnginePacketType, number>;
const SEPARATOR = 255;

function fail(message: string): never {
  throw new ProtocolError('ENGINE_PAYLOAD_INVALID', message);
}

function packetType(digit: number): EnginePacketType {
  const type = TYPES[digit];
  if (type === undefined) fail(`unknown Engine.IO 3 packet type ${digit}`);
  return type;
}

function isBinaryPacket(packet: EnginePacket): boolean {
  return packet.data !== undefined && typeof packet.data !== 'string';
}

function binaryOf(packet: EnginePacket): Buffer {
  return asBuffer(packet.data as ArrayBuffer | ArrayBufferView);
}

/** A text packet `<type digit><data>`, a binary one `b<type digit><base64>`. */
function textPacket(packet: EnginePacket): string {
  if (isBinaryPacket(packet)) return `b${TYPE_NUMBER[packet.type]}${binaryOf(packet).toString('base64')}`;
  return `${TYPE_NUMBER[packet.type]}${(packet.data as string | undefined) ?? ''}`;
}

function decodeTextPacket(text: string): EnginePacket {
  if (text.startsWith('b')) return { type: packetType(Number(text[1])), data: Buffer.from(text.slice(2), 'base64') };
  const type = packetType(text.charCodeAt(0) - 48);
  return text.length > 1 || type === 'message' ? { type, data: text.slice(1) } : { type };
}

/** A WebSocket frame: text as in protocol 4, a binary message as its type byte and the bytes. */
export function encodeEio3Frame(packet: EnginePacket): string | Buffer {
  if (!isBinaryPacket(packet)) return textPacket(packet);
  return Buffer.concat([Buffer.of(TYPE_NUMBER[packet.type]), binaryOf(packet)]);
}

export function decodeEio3Frame(data: Buffer, isBinary: boolean): EnginePacket {
  if (!isBinary) return decodeTextPacket(data.toString('utf8'));
  if (data.length === 0) fail('an empty binary frame');
  return { type: packetType(data[0] as number), data: data.subarray(1) };
}

/** A polling response body; binary records only when there is binary and the client accepts it. */
export function encodeEio3Payload(packets: readonly EnginePacket[], supportsBinary: boolean): { body: Buffer; contentType: string } {
  if (!supportsBinary || !packets.some(isBinaryPacket)) {
    const text = packets.map(textPacket).map((record) => `${record.length}:${record}`).join('') || '0:';
    return { body: Buffer.from(text, 'utf8'), contentType: 'text/plain; charset=UTF-8' };
  }
  const parts: Buffer[] = [];
  for (const packet of packets) {
    const binary = isBinaryPacket(packet);
    const bytes = binary
      ? Buffer.concat([Buffer.of(TYPE_NUMBER[packet.type]), binaryOf(packet)])
      : Buffer.from(textPacket(packet), 'utf8');
    const digits = [...String(bytes.length)].map(Number);
    parts.push(Buffer.of(binary ? 1 : 0, ...digits, SEPARATOR), bytes);
  }
  return { body: Buffer.concat(parts), contentType: 'application/octet-stream' };
}

/** A polling request body, text or binary records (as its Content-Type says). */
export function decodeEio3Payload(body: Buffer, binary: boolean): EnginePacket[] {
  return binary ? decodeBinaryPayload(body) : decodeTextPayload(body.toString('utf8'));
}

function decodeTextPayload(text: string): EnginePacket[] {
  const packets: EnginePacket[] = [];
  let at = 0;
  while (at < text.length) {
    const colon = text.indexOf(':', at);
    const digits = text.slice(at, colon);
    if (colon === -1 || !/^\d{1,10}$/.test(digits)) fail('an Engine.IO 3 payload record without its length');
    const length = Number(digits);
    const record = text.slice(colon + 1, colon + 1 + length);
    if (record.length !== length) fail('an Engine.IO 3 payload record shorter than its length');
    if (length > 0) packets.push(decodeTextPacket(record));
    at = colon + 1 + length;
  }
  return packets;
}

function decodeBinaryPayload(body: Buffer): EnginePacket[] {
  const packets: EnginePacket[] = [];
  let at = 0;
  while (at < body.length) {
    const kind = body[at];
    if (kind !== 0 && kind !== 1) fail('an Engine.IO 3 binary payload record that is neither text nor binary');
    let length = 0;
    let end = at + 1;
    for (; end < body.length && body[end] !== SEPARATOR; end++) {
      const digit = body[end] as number;
      if (digit > 9 || end - at > 10) fail('an Engine.IO 3 binary payload record with a bad length');
      length = length * 10 + digit;
    }
    const record = body.subarray(end + 1, end + 1 + length);
    if (end >= body.length || record.length !== length || length === 0) fail('an Engine.IO 3 binary payload record shorter than its length');
    packets.push(kind === 0 ? decodeTextPacket(record.toString('utf8')) : { type: packetType(record[0] as number), data: record.subarray(1) });
    at = end + 1 + length;
  }
  return packets;
}
