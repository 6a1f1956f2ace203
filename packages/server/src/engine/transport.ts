// The abstract transport: what a session needs from polling and WebSocket alike.
import type { EnginePacket } from '@rtio/protocol';
import type { TransportName } from './engine-options.js';

/** How a transport can fail; the session closes with the same reason. */
export type TransportFailure = 'transport error' | 'parse error';

/** The one owner of a transport (its session, or an upgrade probe), told of everything. */
export interface TransportHandler {
  /** One decoded packet from the peer, in arrival order. */
  transportPacket(packet: EnginePacket): void;
  /** The transport cannot go on (overlapping requests, oversize frame, undecodable input). */
  transportError(reason: TransportFailure, description: Error): void;
  /** The peer went away. */
  transportClose(description?: unknown): void;
  /** The transport became writable (a GET is held, a WebSocket write finished). */
  transportDrain(): void;
}

/**
 * One way of carrying Engine.IO packets. A transport knows nothing of sessions: it hands what
 * arrives to its `handler` and writes the packets it is handed. After `destroy()` or `discard()`
 * it reports nothing more. (A field, not events: one owner at a time, nothing allocated per
 * connection for listeners.)
 */
export abstract class Transport {
  /** Who hears from this transport; `undefined` silences it (before handing it over). */
  handler: TransportHandler | undefined = undefined;
  abstract readonly name: TransportName;
  /** Whether `send()` may be called now. */
  writable = false;
  /** True once destroy() or discard() ran, or the peer is gone. */
  protected ended = false;

  /** Bytes written but not yet handed to the kernel. */
  get bufferedAmount(): number {
    return 0;
  }

  /** Writes packets; only while `writable`. */
  abstract send(packets: readonly EnginePacket[]): void;

  /**
   * Graceful server-side close: delivers `finalPackets` and a close (polling: with the next GET,
   * waiting a short time for it; WebSocket: a close frame), then calls `done` once.
   */
  abstract close(finalPackets: readonly EnginePacket[], done: () => void): void;

  /**
   * Releases the transport now (the session is closed); answers a held request if any. `abrupt`
   * drops the connection without a closing handshake (a peer that does not read would stall it).
   */
  abstract destroy(abrupt?: boolean): void;

  /** Gives the transport up after an upgrade: a held request gets a noop, nothing is closed. */
  discard(): void {
    this.destroy();
  }

  /** Reports packets until the transport ends. */
  protected receive(packet: EnginePacket): void {
    if (!this.ended) this.handler?.transportPacket(packet);
  }

  protected fail(reason: TransportFailure, description: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.writable = false;
    this.handler?.transportError(reason, description);
  }

  protected peerClosed(description?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.writable = false;
    this.handler?.transportClose(description);
  }

  protected becameWritable(): void {
    this.writable = true;
    if (!this.ended) this.handler?.transportDrain();
  }
}
