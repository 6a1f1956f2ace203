// Engine.IO 4 packets and polling payloads: strict types over engine.io-parser, errors as ProtocolError.
import * as parser from 'engine.io-parser';
import { ProtocolError, VERBOSE } from '../errors.js';
import type { BinaryData } from '../socket/binary.js';

/** Engine.IO protocol revision spoken by rtio. */
export const ENGINE_PROTOCOL = 4;

export type EnginePacketType = 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop';

/** How received binary data is handed over: Node Buffers, ArrayBuffers or Blobs. */
export type EngineBinaryType = 'nodebuffer' | 'arraybuffer' | 'blob';

export interface EnginePacket {
  type: EnginePacketType;
  data?: string | BinaryData;
  options?: { compress: boolean };
}

/** The JSON body of the `open` packet. */
export interface HandshakeData {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

/** Record separator between packets in a long-polling payload. */
export const PAYLOAD_SEPARATOR = '\x1e';

/** Decodes one WebSocket frame or one record of a polling payload. */
export function decodeEnginePacket(raw: string | BinaryData, binaryType: EngineBinaryType): EnginePacket {
  const packet = parser.decodePacket(raw as parser.RawData, binaryType);
  // Only text can fail (an empty one too): binary data always decodes as a message.
  if (packet.type === 'error') {
    throw new ProtocolError('ENGINE_PACKET_INVALID', VERBOSE && (raw === '' ? 'empty packet' : `unknown Engine.IO packet type "${(raw as string)[0]}"`));
  }
  return packet as EnginePacket;
}

/** Decodes a long-polling body (packets separated by \x1e); the first bad record rejects it all. */
export function decodeEnginePayload(payload: string, binaryType: EngineBinaryType): EnginePacket[] {
  const packets = parser.decodePayload(payload, binaryType);
  // An empty payload is one empty record, which is invalid.
  const failed = packets.findIndex((packet) => packet.type === 'error');
  if (failed !== -1) throw new ProtocolError('ENGINE_PAYLOAD_INVALID', VERBOSE && (payload === '' ? 'empty polling payload' : `polling payload record ${failed} is invalid`));
  return packets as EnginePacket[];
}

/**
 * Encodes one packet. With `supportsBinary` false (long-polling), binary becomes `b` + base64.
 * The callback may run later: a Blob is read asynchronously in browsers.
 */
export const encodeEnginePacket = parser.encodePacket as (
  packet: EnginePacket,
  supportsBinary: boolean,
  callback: (encoded: string | BinaryData) => void,
) => void;

/** Encodes packets into one long-polling body. */
export const encodeEnginePayload = parser.encodePayload as (
  packets: EnginePacket[],
  callback: (payload: string) => void,
) => void;
