// WebSocket frames built by rtio itself (RFC 6455, server side: unmasked, never fragmented), so a
// packet sent to many sessions is framed once and a batch leaves in one write.
import type { EnginePacket, EnginePacketType } from '@rtio/protocol';
import { asBuffer } from './wire.js';

const TYPE_DIGIT: Record<EnginePacketType, number> = { open: 0x30, close: 0x31, ping: 0x32, pong: 0x33, message: 0x34, upgrade: 0x35, noop: 0x36 };
const FIN_TEXT = 0x81;
const FIN_BINARY = 0x82;

/** A packet the session may hand to many transports; its WebSocket frame is cached on it. */
export interface OutgoingPacket extends EnginePacket {
  /** Set by webSocketFrame() on packets created with a `frame` slot (broadcasts). */
  frame?: Buffer | undefined;
}

function headerLength(payloadLength: number): number {
  return payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
}

function writeHeader(frame: Buffer, firstByte: number, payloadLength: number): void {
  frame[0] = firstByte;
  if (payloadLength < 126) {
    frame[1] = payloadLength;
  } else if (payloadLength < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(payloadLength, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(payloadLength / 2 ** 32), 2);
    frame.writeUInt32BE(payloadLength >>> 0, 6);
  }
}

/** Bytes at or above which a binary payload is written beside its header instead of copied. */
const COPY_LIMIT = 16 * 1024;

/**
 * Appends the frame(s) of `packet` to `out` and returns their byte length: a text frame
 * `<type digit><data>`, or a binary frame of the raw bytes of a binary message.
 */
export function appendFrame(packet: OutgoingPacket, out: Buffer[]): number {
  if (packet.frame !== undefined) {
    out.push(packet.frame);
    return packet.frame.length;
  }
  const { data } = packet;
  let frame: Buffer;
  if (data === undefined || typeof data === 'string') {
    const text = data ?? '';
    const length = 1 + Buffer.byteLength(text);
    const start = headerLength(length);
    frame = Buffer.allocUnsafe(start + length);
    writeHeader(frame, FIN_TEXT, length);
    frame[start] = TYPE_DIGIT[packet.type];
    frame.write(text, start + 1);
  } else {
    const bytes = asBuffer(data);
    const start = headerLength(bytes.length);
    if (bytes.length >= COPY_LIMIT) {
      const header = Buffer.allocUnsafe(start);
      writeHeader(header, FIN_BINARY, bytes.length);
      out.push(header, bytes);
      return start + bytes.length;
    }
    frame = Buffer.allocUnsafe(start + bytes.length);
    writeHeader(frame, FIN_BINARY, bytes.length);
    bytes.copy(frame, start);
  }
  if ('frame' in packet) packet.frame = frame;
  out.push(frame);
  return frame.length;
}
