// The engine layer of @rtio/client: Engine.IO 4 over fetch long-polling and WebSocket.
export { EngineSocket, EngineError, type EngineSocketEvents, type EngineCloseReason, type ConnectErrorKind } from './engine-socket.js';
export { defaultEngineOptions, type EngineSocketOptions, type TransportName } from './engine-options.js';
export type { Transport, TransportHooks } from './transport.js';
