// What an Engine.IO session reports: its states, close reasons and events (socket.conn.on(...)).
import type { EnginePacket } from '@rtio/protocol';
import type { Transport } from './transport.js';

export type EngineCloseReason = 'transport close' | 'transport error' | 'ping timeout' | 'parse error' | 'forced close' | 'backpressure';
export type EngineReadyState = 'opening' | 'open' | 'closing' | 'closed';

export interface EngineSessionEvents {
  /** Payload of each Engine.IO `message` packet, in order (binary as Buffer). */
  message: (data: string | Buffer) => void;
  /** Engine.IO's other name for `message`. */
  data: (data: string | Buffer) => void;
  /** Every packet from the client, before it is handled. */
  packet: (packet: EnginePacket) => void;
  /** Every packet queued for the client (the same object goes to every recipient of a broadcast). */
  packetCreate: (packet: EnginePacket) => void;
  /** Emitted exactly once. */
  close: (reason: EngineCloseReason, description?: unknown) => void;
  /** The probe of `transport` succeeded; the client pauses polling. */
  upgrading: (transport: Transport) => void;
  /** After the `5` packet: the session now runs on `transport`. */
  upgrade: (transport: Transport) => void;
  /** The write buffer is about to go to the transport. */
  flush: (packets: readonly EnginePacket[]) => void;
  /** The write buffer was handed to the transport. */
  drain: () => void;
  /** A pong arrived. */
  heartbeat: () => void;
}
