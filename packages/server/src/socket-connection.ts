// The contracts between a connection (one engine session) and the sockets it carries.
import type { IncomingMessage } from 'node:http';
import type { EncodedPacket, Packet } from '@rtio/protocol';
import type { EngineSession } from './engine/index.js';
import type { BroadcastFlags, DisconnectReason } from './types.js';

/**
 * One client's connection as its sockets and the app see it (Socket.IO's `socket.client`): the
 * engine session (`conn`) that carries every namespace the client joined.
 */
export interface Client {
  /** The engine session's id (Socket.IO's `client.id`; not a socket id). */
  readonly id: string;
  readonly conn: EngineSession;
  /** The handshake request. */
  readonly request: IncomingMessage;
}

/** The connection as a socket sees it. */
export interface SocketConnection extends Client {
  readonly session: EngineSession;
  write(encoded: EncodedPacket, flags: BroadcastFlags): void;
  /** Like write(), for a packet encoded once for many connections (a broadcast). */
  deliver(encoded: EncodedPacket, flags: BroadcastFlags): void;
  removeSocket(nsp: string): void;
  /** Disconnects every namespace (each client socket sees 'io server disconnect'), then the session. */
  disconnectAll(): void;
  /** Closes the engine session and every socket on it with `reason`. */
  closeAll(reason: DisconnectReason, description?: unknown): void;
}

/** A socket as its connection sees it. */
export interface ConnectedSocket {
  readonly id: string;
  handlePacket(packet: Packet): void;
  onClose(reason: DisconnectReason, description?: unknown): void;
  disconnect(close?: boolean): unknown;
}
