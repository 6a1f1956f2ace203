// Synchronous wrappers over @rtio/protocol's Engine.IO encoders, for Node data (no Blobs).
import { encodeEnginePacket, encodeEnginePayload, type BinaryData, type EnginePacket } from '@rtio/protocol';

/** Node Buffer over the same bytes as `data` (no copy for views). */
export function asBuffer(data: BinaryData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('Blob data cannot be sent by the server; use a Buffer');
}

/** One packet as one WebSocket frame: text `<type><data>`, or the raw bytes of a binary message. */
export function encodeFrame(packet: EnginePacket): string | Buffer {
  let encoded: string | BinaryData | undefined;
  encodeEnginePacket(packet, true, (result) => {
    encoded = result;
  });
  if (encoded === undefined) throw new Error('encodeEnginePacket did not answer synchronously');
  return typeof encoded === 'string' ? encoded : asBuffer(encoded);
}

/** Packets as one long-polling body: `\x1e`-separated records, binary as `b<base64>`. */
export function encodePayload(packets: EnginePacket[]): string {
  let payload: string | undefined;
  encodeEnginePayload(packets, (result) => {
    payload = result;
  });
  if (payload === undefined) throw new Error('encodeEnginePayload did not answer synchronously');
  return payload;
}

/**
 * Approximate wire size of a packet, for the backpressure limit. Strings count one byte per
 * UTF-16 unit: O(1) on the hot path, exact for ASCII, an underestimate for other text.
 */
export function packetSize(packet: EnginePacket): number {
  const { data } = packet;
  if (data === undefined) return 1;
  if (typeof data === 'string') return 1 + data.length;
  return 1 + (data instanceof Blob ? data.size : data.byteLength);
}
