// @rtio/client: a Socket.IO 4 compatible client for browsers and Node.
export { io, connect } from './io.js';
export { Manager, type ManagerEvents } from './manager.js';
export { Socket, type ConnectError, type DisconnectReason, type SocketReservedEvents } from './socket.js';
export { backoff, type BackoffOptions } from './backoff.js';
export type { IoOptions, ManagerOptions, SocketOptions, AuthOption } from './options.js';
export { io as default } from './io.js';
