// Synchronous wrappers over @rtio/protocol's codecs, shaped for the raw test clients.
import {
  PacketEncoder,
  encodeEnginePacket,
  encodeEnginePayload,
  type BinaryData,
  type EnginePacket,
  type EnginePacketType,
  type Packet,
} from '@rtio/protocol';

const encoder = new PacketEncoder();

/** A Node Buffer over the same bytes (no copy for views). Blobs are refused: they read async. */
export function toBuffer(data: BinaryData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new TypeError('Blob attachments are not supported by the raw test clients; use a Buffer');
}

/**
 * Encodes one Engine.IO packet. With `supportsBinary` (WebSocket) binary data stays a Buffer;
 * without (polling) it becomes `b<base64>`. Throws if the codec would answer asynchronously.
 */
export function encodeEngine(type: EnginePacketType, data: string | Buffer | undefined, supportsBinary: boolean): string | Buffer {
  if (Buffer.isBuffer(data) && type !== 'message') {
    throw new TypeError(`only "message" packets carry binary data, not "${type}"`);
  }
  const packet: EnginePacket = data === undefined ? { type } : { type, data };
  let encoded: string | BinaryData | undefined;
  encodeEnginePacket(packet, supportsBinary, (result) => {
    encoded = result;
  });
  if (encoded === undefined) throw new Error('encodeEnginePacket did not answer synchronously');
  return typeof encoded === 'string' ? encoded : toBuffer(encoded);
}

/** Encodes packets into one polling body (`\x1e`-separated, binary as `b<base64>`). */
export function encodePayload(packets: EnginePacket[]): string {
  let payload: string | undefined;
  encodeEnginePayload(packets, (result) => {
    payload = result;
  });
  if (payload === undefined) throw new Error('encodeEnginePayload did not answer synchronously');
  return payload;
}

/**
 * A Socket.IO packet as the Engine.IO messages that carry it: the text packet first, then one
 * message per binary attachment. The encoder validates, so reserved names and bad namespaces
 * throw here; send such inputs as raw strings instead.
 */
export function socketToEngine(packet: Packet): EnginePacket[] {
  const [text, ...attachments] = encoder.encode(packet);
  return [{ type: 'message', data: text }, ...attachments.map((data): EnginePacket => ({ type: 'message', data: toBuffer(data) }))];
}
