// WebSocket transport over `ws`: one Engine.IO packet per frame, binary frames are messages.
import type { Duplex } from 'node:stream';
import WebSocket, { type RawData } from 'ws';
import { decodeEnginePacket, type EnginePacket } from '@rtio/protocol';
import { Transport } from '../transport.js';
import { decodeEio3Frame, encodeEio3Frame } from '../eio3-codec.js';
import { encodeFrame } from '../wire.js';
import { appendFrame, type OutgoingPacket } from '../ws-frame.js';

/** Batches up to this many bytes are copied into one buffer; bigger ones are written frame by frame. */
const MAX_COPIED_BATCH = 64 * 1024;

/** ws's close code for a message over maxPayload. */
const MESSAGE_TOO_BIG = 1009;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

// ws calls its listeners with `this` set to the WebSocket: one set of functions serves every
// connection, the transport found through a symbol (no closures per connection).
const TRANSPORT = Symbol('rtio.transport');
type TaggedWebSocket = WebSocket & { [TRANSPORT]: WebSocketTransport };

function onWsMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  (this as TaggedWebSocket)[TRANSPORT].onMessage(data, isBinary);
}
function onWsError(this: WebSocket, error: Error): void {
  (this as TaggedWebSocket)[TRANSPORT].onError(error);
}
function onWsClose(this: WebSocket, code: number, reason: Buffer): void {
  (this as TaggedWebSocket)[TRANSPORT].onClose(code, reason);
}

/**
 * One upgraded connection. Without permessage-deflate, rtio frames the packets itself and writes
 * each batch to `socket` (the Duplex under `ws`) in one write; ws still reads, and writes its
 * control frames, synchronously on the same socket, so the order holds. With permessage-deflate
 * the frames go through ws.send(), corked, to be compressed.
 */
export class WebSocketTransport extends Transport {
  readonly name = 'websocket' as const;
  private unsent = 0;
  /** Frames go through ws.send() (permessage-deflate, or Engine.IO 3 framing) instead of rtio's own. */
  private readonly throughWs: boolean;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
    /** Engine.IO protocol 3: binary frames carry their packet type (sent through ws, never shared frames). */
    private readonly eio3 = false,
  ) {
    super();
    this.throughWs = ws.extensions !== '' || eio3;
    this.writable = ws.readyState === WebSocket.OPEN;
    (ws as TaggedWebSocket)[TRANSPORT] = this;
    ws.on('message', onWsMessage);
    ws.on('error', onWsError);
    ws.on('close', onWsClose); // fires once
  }

  override get bufferedAmount(): number {
    return this.throughWs ? this.ws.bufferedAmount : this.socket.writableLength;
  }

  send(packets: readonly OutgoingPacket[]): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.throughWs) {
      const frames: Buffer[] = [];
      let length = 0;
      for (const packet of packets) length += appendFrame(packet, frames);
      let accepted: boolean;
      if (frames.length === 1) accepted = this.socket.write(frames[0]!);
      else if (length <= MAX_COPIED_BATCH) accepted = this.socket.write(Buffer.concat(frames, length));
      else accepted = this.writeCorked(frames);
      // Stays writable while the socket takes data; past its buffer, waits for its drain.
      if (!accepted) {
        this.writable = false;
        this.socket.once('drain', () => {
          if (this.ws.readyState === WebSocket.OPEN) this.becameWritable();
        });
      }
      return;
    }
    this.writable = false;
    this.unsent += packets.length;
    this.socket.cork();
    try {
      for (const packet of packets) this.write(packet);
    } finally {
      this.socket.uncork();
    }
  }

  /** A batch too big to copy into one buffer: one corked write per frame. */
  private writeCorked(frames: Buffer[]): boolean {
    this.socket.cork();
    let accepted = true;
    for (const frame of frames) accepted = this.socket.write(frame);
    this.socket.uncork();
    return accepted;
  }

  close(finalPackets: readonly EnginePacket[], done: () => void): void {
    if (finalPackets.length > 0) this.send(finalPackets);
    this.destroy();
    done();
  }

  destroy(abrupt = false): void {
    this.ended = true;
    this.writable = false;
    if (abrupt) this.ws.terminate();
    else if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
  }

  private write(packet: EnginePacket): void {
    const frame = this.eio3 ? encodeEio3Frame(packet) : encodeFrame(packet);
    const options = { binary: typeof frame !== 'string', compress: packet.options?.compress ?? true };
    this.ws.send(frame, options, (error) => this.onSent(error));
  }

  /** The last frame of a batch reached the socket: ready for more. */
  private onSent(error: Error | undefined): void {
    this.unsent--;
    if (error !== undefined && error !== null) return; // the close event reports the failure
    if (this.unsent === 0 && this.ws.readyState === WebSocket.OPEN) this.becameWritable();
  }

  /** @internal */
  onMessage(data: RawData, isBinary: boolean): void {
    const bytes = toBuffer(data);
    if (this.eio3) {
      let decoded: EnginePacket;
      try {
        decoded = decodeEio3Frame(bytes, isBinary);
      } catch (error) {
        this.fail('parse error', error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.receive(decoded);
      return;
    }
    if (isBinary) {
      this.receive({ type: 'message', data: bytes });
      return;
    }
    let packet: EnginePacket;
    try {
      packet = decodeEnginePacket(bytes.toString('utf8'), 'nodebuffer');
    } catch (error) {
      this.fail('parse error', error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.receive(packet);
  }

  /** ws reports protocol violations (oversize or invalid frames) here, then closes the socket. */
  /** @internal */
  onError(error: Error): void {
    this.fail('transport error', error);
  }

  /** @internal */
  onClose(code: number, reason: Buffer): void {
    if (code === MESSAGE_TOO_BIG) {
      this.fail('transport error', new Error(`WebSocket closed with code ${code} (message too big)`));
      return;
    }
    this.peerClosed({ code, reason: reason.toString('utf8') });
  }
}
