// WebSocket transport over `ws`: one Engine.IO packet per frame, binary frames are messages.
import type { Duplex } from 'node:stream';
import WebSocket, { type RawData } from 'ws';
import { decodeEnginePacket, type EnginePacket } from '@rtio/protocol';
import { Transport } from '../transport.js';
import { encodeFrame } from '../wire.js';

/** ws's close code for a message over maxPayload. */
const MESSAGE_TOO_BIG = 1009;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * One upgraded connection. `socket` is the Duplex under `ws`, corked around each batch so the
 * frames of one flush leave in one write.
 */
export class WebSocketTransport extends Transport {
  readonly name = 'websocket' as const;
  private unsent = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Duplex,
  ) {
    super();
    this.writable = ws.readyState === WebSocket.OPEN;
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('error', (error) => this.onError(error));
    ws.once('close', (code, reason) => this.onClose(code, reason));
  }

  override get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  send(packets: readonly EnginePacket[]): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.writable = false;
    this.unsent += packets.length;
    this.socket.cork();
    try {
      for (const packet of packets) this.write(packet);
    } finally {
      this.socket.uncork();
    }
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
    const frame = encodeFrame(packet);
    const options = { binary: typeof frame !== 'string', compress: packet.options?.compress ?? true };
    this.ws.send(frame, options, (error) => this.onSent(error));
  }

  /** The last frame of a batch reached the socket: ready for more. */
  private onSent(error: Error | undefined): void {
    this.unsent--;
    if (error !== undefined && error !== null) return; // the close event reports the failure
    if (this.unsent === 0 && this.ws.readyState === WebSocket.OPEN) this.becameWritable();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const bytes = toBuffer(data);
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
  private onError(error: Error): void {
    this.fail('transport error', error);
  }

  private onClose(code: number, reason: Buffer): void {
    if (code === MESSAGE_TOO_BIG) {
      this.fail('transport error', new Error(`WebSocket closed with code ${code} (message too big)`));
      return;
    }
    this.peerClosed({ code, reason: reason.toString('utf8') });
  }
}
