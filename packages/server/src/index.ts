// @rtio/server: a Socket.IO 4 compatible realtime server.
export { Server, type ServerReservedEvents } from './server.js';
export { Namespace, type ConnectionMiddleware, type NamespaceReservedEvents } from './namespace.js';
export { ParentNamespace, type NamespaceMatcher } from './parent-namespace.js';
export { Socket, type EventMiddleware, type SocketReservedEvents } from './socket.js';
export { BroadcastOperator } from './broadcast-operator.js';
export { FlaggedEmitter } from './flagged-emitter.js';
export { Adapter, type AdapterNamespace, type AdapterSocket, type AdapterEvents, type FetchedSocket, type AdapterConstructor, type BroadcastAckCallbacks } from './adapter/adapter.js';
export { InMemoryAdapter } from './adapter/in-memory-adapter.js';
export type { ServerOptions } from './options.js';
export { OWN_HTTP_SERVER_OPTIONS } from './own-http-server.js';
export {
  RtioUsageError,
  type DefaultEventsMap,
  type DisconnectReason,
  type Handshake,
  type Room,
  type SocketId,
  type BroadcastFlags,
  type BroadcastOptions,
} from './types.js';
export {
  EngineServer,
  EngineSession,
  Transport,
  type EngineConnectionError,
  type EngineServerEvents,
  type EngineSessionEvents,
  type ResponseHeaders,
} from './engine/index.js';
export type { Client } from './socket-connection.js';
