// What the Engine.IO server reports (io.engine.on(...)): new sessions, refusals, response headers.
import type { IncomingMessage } from 'node:http';
import type { EngineSession } from './session.js';

/** A rejected request, as reported by `connection_error`. */
export interface EngineConnectionError {
  req: IncomingMessage;
  code: number;
  message: string;
  context?: unknown;
}

/** Response headers as the `headers` events hand them over, to read and change. */
export type ResponseHeaders = Record<string, string | string[]>;

export interface EngineServerEvents {
  connection: (session: EngineSession) => void;
  connection_error: (error: EngineConnectionError) => void;
  /** The headers of a handshake's response (the first polling GET, or the WebSocket's 101). */
  initial_headers: (headers: ResponseHeaders, req: IncomingMessage) => void;
  /** The headers of every polling response and every 101, handshakes included. */
  headers: (headers: ResponseHeaders, req: IncomingMessage) => void;
}
