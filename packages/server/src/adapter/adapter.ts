// The adapter contract: every room and broadcast operation goes through it, so a multi-node
// adapter (Redis…) replaces the in-memory one without touching the socket layer.
import { NodeEmitter, type AckHandler, type Clock, type EncodedPacket, type PacketEncoder, type Packet } from '@rtio/protocol';
import type { BroadcastFlags, BroadcastOptions, Handshake, Room, SocketId } from '../types.js';

/** What an adapter may do with a socket of its namespace on this node. */
export interface AdapterSocket {
  readonly id: SocketId;
  readonly handshake: Handshake;
  readonly data: unknown;
  readonly rooms: ReadonlySet<Room>;
  emit(event: string, ...args: unknown[]): boolean;
  join(rooms: Room | Room[]): void;
  leave(room: Room): void;
  disconnect(close?: boolean): unknown;
  /** Writes a packet that was encoded once for many recipients (`packet` is what it encodes). */
  deliver(encoded: EncodedPacket, flags: BroadcastFlags, packet?: Packet): void;
  /** Waits for this socket's answer to the broadcast ack `id`. */
  expectAck(id: number, handler: AckHandler, timeoutMs: number | undefined): void;
}

/** The narrow view of its namespace an adapter gets through its constructor. */
export interface AdapterNamespace {
  readonly name: string;
  readonly sockets: ReadonlyMap<SocketId, AdapterSocket>;
  readonly encoder: PacketEncoder;
  /** Delivers a serverSideEmit from another node to this namespace's listeners. */
  receiveServerSideEmit(args: unknown[]): void;
  /** A fresh ack id of this namespace (a broadcast with ack from another node gets one here). */
  allocateAckId(): number;
  /** The server's connectionStateRecovery, resolved; undefined when it is off. */
  readonly recovery: RecoveryOptions | undefined;
  readonly clock: Clock;
}

/** connectionStateRecovery with its defaults applied. */
export interface RecoveryOptions {
  /** How long after a disconnection its session can be restored (ms; Socket.IO's default 120000). */
  maxDisconnectionDuration: number;
  /** Whether a restored socket skips the namespace's middlewares (default true). */
  skipMiddlewares: boolean;
  /** rtio: at most this many packets are kept for recovery per namespace and per session (default 10000). */
  maxLoggedPackets: number;
}

/** What a socket leaves behind when it disconnects with recovery on. */
export interface SessionToPersist {
  sid: SocketId;
  /** The private session id, known only to the client. */
  pid: string;
  rooms: Room[];
  data: unknown;
  /** The adapter's offset when the socket connected: a client that got no packet yet restores from here. */
  startOffset: string | undefined;
}

/** A session given back, with the event packets (`[event, ...args, offset]`) it missed, in order. */
export interface RestoredSession extends SessionToPersist {
  missedPackets: unknown[][];
}

export interface AdapterEvents {
  'create-room': (room: Room) => void;
  'delete-room': (room: Room) => void;
  'join-room': (room: Room, id: SocketId) => void;
  'leave-room': (room: Room, id: SocketId) => void;
  error: (error: Error) => void;
}

/** A socket as fetchSockets() returns it: a local one, or a proxy to one on another node. */
export type FetchedSocket = Pick<AdapterSocket, 'id' | 'handshake' | 'data' | 'rooms' | 'emit' | 'join' | 'leave' | 'disconnect'>;

/** Called with how many clients a broadcast with ack reached, then once per response. */
export interface BroadcastAckCallbacks {
  onClientCount(count: number): void;
  onResponse(response: unknown): void;
}

/**
 * Base class of every adapter. `emitRoomEvent` is how implementations report room changes.
 * @example
 * class MyAdapter extends Adapter { ... }
 * new Server({ adapter: (nsp) => new MyAdapter(nsp) });
 */
export abstract class Adapter extends NodeEmitter<AdapterEvents> {
  constructor(readonly nsp: AdapterNamespace) {
    super();
  }

  /** Starts the adapter (subscriptions…). */
  init(): Promise<void> | void {}
  /** Releases everything the adapter holds. */
  close(): Promise<void> | void {}

  abstract addAll(id: SocketId, rooms: ReadonlySet<Room>): Promise<void> | void;
  abstract del(id: SocketId, room: Room): Promise<void> | void;
  abstract delAll(id: SocketId): void;
  /** The rooms of a socket on this node. */
  abstract socketRooms(id: SocketId): ReadonlySet<Room> | undefined;
  /** Ids of the sockets in any of `rooms` (all sockets when empty), cluster-wide. */
  abstract sockets(rooms: ReadonlySet<Room>): Promise<Set<SocketId>>;

  abstract broadcast(packet: Packet, options: BroadcastOptions): void;
  abstract broadcastWithAck(packet: Packet, options: BroadcastOptions, callbacks: BroadcastAckCallbacks): void;

  abstract fetchSockets(options: BroadcastOptions): Promise<FetchedSocket[]>;
  abstract addSockets(options: BroadcastOptions, rooms: Room[]): void;
  abstract delSockets(options: BroadcastOptions, rooms: Room[]): void;
  abstract disconnectSockets(options: BroadcastOptions, close: boolean): void;

  /** Sends an event to the other nodes; with an ack (last argument), collects their answers. */
  abstract serverSideEmit(args: unknown[]): void;
  /** How many nodes share this adapter. */
  abstract serverCount(): Promise<number>;
  /** How many sockets are in a room, cluster-wide, without fetching them. */
  abstract roomSize(room: Room): Promise<number>;

  // Connection state recovery: an adapter without it restores nothing (every client starts afresh).
  /** The offset of the last recoverable packet; undefined without recovery. */
  currentOffset(): string | undefined {
    return undefined;
  }
  persistSession(_session: SessionToPersist): void | Promise<void> {}
  restoreSession(_pid: string, _offset: string | undefined): Promise<RestoredSession | undefined> {
    return Promise.resolve(undefined);
  }

  protected emitRoomEvent<E extends 'create-room' | 'delete-room' | 'join-room' | 'leave-room'>(
    event: E,
    ...args: Parameters<AdapterEvents[E]>
  ): void {
    this.emitEvent(event, ...args);
  }
}

/** Builds the adapter of each namespace. */
export type AdapterConstructor = new (nsp: AdapterNamespace) => Adapter;
