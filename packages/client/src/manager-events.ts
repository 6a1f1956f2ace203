// The events a Manager emits (on `socket.io`), in their own file so a Socket can type its
// parent without importing the Manager's module.
import type { Packet } from '@rtio/protocol';
import type { EngineCloseReason, EngineError } from './engine/index.js';

export interface ManagerEvents {
  open: () => void;
  error: (error: EngineError) => void;
  ping: () => void;
  /** Each decoded Socket.IO packet, before its socket handles it. */
  packet: (packet: Packet) => void;
  close: (reason: EngineCloseReason | 'io client disconnect', description?: unknown) => void;
  reconnect_attempt: (attempt: number) => void;
  reconnect: (attempt: number) => void;
  reconnect_error: (error: EngineError) => void;
  reconnect_failed: () => void;
}
