// The engine layer of @rtio/server: Engine.IO 4 sessions over long-polling and WebSocket.
export {
  DEFAULT_ENGINE_OPTIONS,
  resolveEngineOptions,
  type CorsOptions,
  type CorsOrigin,
  type EngineOptions,
  type TransportName,
} from './engine-options.js';
export { EngineServer, type EngineConnectionError, type EngineServerEvents, type ResponseHeaders } from './engine-server.js';
export { EngineSession, UPGRADE_NOOP_DELAY_MS, type EngineCloseReason, type EngineReadyState, type EngineSessionEvents, type SessionOwner } from './session.js';
export { EngineErrorCode, type EngineRequestError } from './engine-errors.js';
export { Heartbeat, type HeartbeatState, type HeartbeatOptions, type HeartbeatPeer } from './heartbeat.js';
export { UpgradeProbe, type UpgradeState } from './upgrade.js';
export { Transport, type TransportHandler, type TransportFailure } from './transport.js';
export { PollingTransport, POLLING_CLOSE_TIMEOUT_MS } from './transports/polling.js';
export { WebSocketTransport } from './transports/websocket.js';
export { asBuffer } from './wire.js';
export { randomId } from './random-id.js';
export type { OutgoingPacket } from './ws-frame.js';
export { queryOfUrl } from './request-check.js';
export { decideCors, type CorsDecision } from './cors.js';
export { createLog, type Log } from './log.js';
