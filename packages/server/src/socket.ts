// One client's presence in one namespace: events and acks both ways, rooms, middleware, disconnect.
import type { IncomingMessage } from 'node:http';
import {
  AckRegistry,
  PacketType,
  RESERVED_EVENTS,
  type AckPacket,
  type EncodedPacket,
  type EventPacket,
  type Packet,
  type AckHandler,
} from '@rtio/protocol';
import type { AdapterSocket } from './adapter/adapter.js';
import { BroadcastOperator, type BroadcastTarget } from './broadcast-operator.js';
import { FlaggedEmitter } from './flagged-emitter.js';
import { socketLog as log } from './log.js';
import { runMiddlewareChain } from './middleware-chain.js';
import { CatchAllEmitter } from './catch-all-emitter.js';
import { callSafely } from './safe-call.js';
import { RECOVERABLE_REASONS, type SocketRecovery } from './socket-recovery.js';
import type { EngineSession } from './engine/index.js';
import type { Client, SocketConnection } from './socket-connection.js';
import {
  RtioUsageError,
  type AckResult,
  type BroadcastFlags,
  type DefaultEventsMap,
  type DisconnectReason,
  type EventNames,
  type EventParams,
  type EventsMap,
  type Handshake,
  type ParamsWithoutAck,
  type Room,
  type SocketId,
} from './types.js';

/** The namespace as a socket sees it. */
export interface SocketNamespace extends BroadcastTarget {
  readonly encoder: { encode(packet: Packet): EncodedPacket };
  removeSocket(socket: { id: SocketId }): void;
  reportError(error: unknown, context: string): void;
}

export interface SocketReservedEvents {
  disconnect: (reason: DisconnectReason, description?: unknown) => void;
  disconnecting: (reason: DisconnectReason, description?: unknown) => void;
  error: (error: Error) => void;
}

export type EventMiddleware = (event: [string, ...unknown[]], next: (error?: Error) => void) => void;
const NONE: never[] = [];
const NO_ROOMS: ReadonlySet<Room> = new Set();


/**
 * @example
 * io.on('connection', (socket) => {
 *   socket.join('lobby');
 *   socket.on('hello', (name, ack) => ack(`hi ${name}`));
 *   socket.to('lobby').emit('joined', socket.id);
 * });
 */
export class Socket<
    Listen extends EventsMap = DefaultEventsMap,
    Emit extends EventsMap = Listen,
    // Socket.IO's order: the namespace's server-side events come before the data.
    ServerSide extends EventsMap = DefaultEventsMap,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    Data = any,
  >
  extends CatchAllEmitter<Listen, SocketReservedEvents>
  implements AdapterSocket
{
  readonly id: SocketId;
  readonly handshake: Handshake;
  /** Application data attached to the socket; fetchSockets() returns it. */
  data: Data = {} as Data;
  connected = false;
  /** Whether connection state recovery gave this socket its previous id, rooms, data and missed packets. */
  readonly recovered: boolean;
  /** Refused by a middleware or disconnected: joins nothing any more. */
  private ended = false;
  // Created on first use, and replaced rather than changed (so iterating needs no copy): most
  // sockets never use them, and a server holds many sockets.
  private acks: AckRegistry | undefined;
  private middlewares: EventMiddleware[] = NONE;

  constructor(
    readonly nsp: SocketNamespace,
    private readonly connection: SocketConnection,
    id: SocketId,
    handshake: Handshake,
    /** With connection state recovery: the session's private id, and where its packets start. */
    private readonly recovery?: SocketRecovery,
  ) {
    super();
    this.id = id;
    this.handshake = handshake;
    this.recovered = recovery?.restored !== undefined;
    if (recovery?.restored) this.data = recovery.restored.data as Data;
  }

  /** @internal The private session id with connection state recovery on. */
  get privateSessionId(): string | undefined {
    return this.recovery?.pid;
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  /** The engine session under this socket (`transport.name`, the `upgrade` event…). */
  get conn(): EngineSession {
    return this.connection.session;
  }

  /** The client's connection, shared by its sockets in every namespace. */
  get client(): Client {
    return this.connection;
  }

  /** The handshake request, as `engine.use()` middlewares left it (`request.session`, `request.user`). */
  get request(): IncomingMessage {
    return this.connection.session.request;
  }

  /** The rooms this socket is in, its own id included. */
  get rooms(): Set<Room> {
    return new Set(this.nsp.adapter.socketRooms(this.id) ?? []);
  }

  emit<E extends EventNames<Emit>>(event: E, ...args: EventParams<Emit, E>): boolean {
    return this.sendEvent({}, event, args);
  }

  /** Emits a `message` event (the client's `socket.on('message')`). */
  send(...args: unknown[]): this {
    (this.emit as (event: string, ...rest: unknown[]) => boolean)('message', ...args);
    return this;
  }

  write(...args: unknown[]): this {
    return this.send(...args);
  }

  /** Resolves with the first argument of the client's ack. */
  emitWithAck<E extends EventNames<Emit>>(event: E, ...args: ParamsWithoutAck<Emit, E>): Promise<AckResult<Emit, E>> {
    return new FlaggedEmitter<Emit>(this.sendFn(), {}).emitWithAck(event, ...args);
  }

  /** The ack callback of the next emit gets (error, ...response), error set after `ms` without answer. */
  timeout(ms: number): FlaggedEmitter<Emit, true> {
    if (!(ms >= 0)) throw new RtioUsageError(`timeout(ms) needs a non-negative number of milliseconds, got ${String(ms)}`);
    return new FlaggedEmitter<Emit, true>(this.sendFn(), { timeout: ms });
  }

  get volatile(): FlaggedEmitter<Emit> {
    return new FlaggedEmitter<Emit>(this.sendFn(), { volatile: true });
  }

  compress(compress: boolean): FlaggedEmitter<Emit> {
    return new FlaggedEmitter<Emit>(this.sendFn(), { compress });
  }

  /** Broadcast to a room, leaving this socket out. */
  to(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.broadcast.to(rooms);
  }

  in(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.to(rooms);
  }

  except(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.broadcast.except(rooms);
  }

  /** Every socket of the namespace on this node but this one (with a multi-node adapter). */
  get local(): BroadcastOperator<Emit> {
    return this.broadcast.local;
  }

  /** Every socket of the namespace but this one. */
  get broadcast(): BroadcastOperator<Emit> {
    return new BroadcastOperator<Emit>(this.nsp, new Set(), new Set([this.id]));
  }

  /** Joins rooms; does nothing once the socket is gone (or its middlewares refused it). */
  join(rooms: Room | readonly Room[]): void {
    if (this.ended) return;
    this.nsp.adapter.addAll(this.id, new Set(typeof rooms === 'string' ? [rooms] : rooms));
  }

  leave(room: Room): void {
    this.nsp.adapter.del(this.id, room);
  }

  /** Per-packet middleware: runs for each incoming event before its listeners. */
  use(middleware: EventMiddleware): this {
    this.middlewares = [...this.middlewares, middleware];
    return this;
  }

  /** Leaves the namespace; with `close`, closes the whole connection (every namespace). */
  disconnect(close = false): this {
    if (!this.connected) return this;
    if (close) {
      this.connection.disconnectAll();
      return this;
    }
    this.writePacket({ type: PacketType.DISCONNECT, nsp: this.nsp.name }, {});
    this.onClose('server namespace disconnect');
    return this;
  }

  // ---- called by the namespace, the connection and the adapter ----

  /** Middlewares refused the socket, or the connection closed before they were done. */
  discard(): void {
    this.ended = true;
    this.nsp.adapter.delAll(this.id);
  }

  /** Joins the socket's own room (and a restored session's), confirms the connection, then sends what it missed. */
  acceptConnection(): void {
    this.connected = true;
    this.join(this.id);
    const restored = this.recovery?.restored;
    if (restored) this.join(restored.rooms);
    const nsp = this.nsp.name;
    if (this.connection.session.protocol === 3) {
      this.writePacket({ type: PacketType.CONNECT, nsp }, {}); // a Socket.IO 2 client expects no data
      return;
    }
    // `offsets`: every event without an ack ends with its offset, so rtio's client may strip it.
    const data = this.recovery ? { sid: this.id, pid: this.recovery.pid, offsets: true } : { sid: this.id };
    this.writePacket({ type: PacketType.CONNECT, nsp, data }, {});
    for (const missed of restored?.missedPackets ?? []) this.writePacket({ type: PacketType.EVENT, nsp, data: missed as [string, ...unknown[]] }, {});
  }

  deliver(encoded: EncodedPacket, flags: BroadcastFlags, packet?: Packet): void {
    if (!this.connected) return;
    if (this.anyOutgoingListeners.length > 0 && packet && 'data' in packet && Array.isArray(packet.data)) {
      this.notifyOutgoing(packet.data);
    }
    this.connection.deliver(encoded, flags);
  }

  expectAck(id: number, handler: AckHandler, timeoutMs: number | undefined): void {
    this.ackRegistry().register(handler, timeoutMs, id);
  }

  handlePacket(packet: Packet): void {
    if (!this.connected) return;
    switch (packet.type) {
      case PacketType.EVENT:
      case PacketType.BINARY_EVENT:
        this.handleEvent(packet);
        return;
      case PacketType.ACK:
      case PacketType.BINARY_ACK:
        this.acks?.resolve(packet.id, packet.data);
        return;
      case PacketType.DISCONNECT:
        this.onClose('client namespace disconnect');
        return;
      default:
        // CONNECT for a joined namespace and CONNECT_ERROR from a client: out of place, and Socket.IO
        // closes the whole connection for it with this reason.
        this.connection.closeAll('forced server close', new Error(`unexpected packet type ${packet.type} for a connected namespace`));
    }
  }

  /** The socket is gone: 'disconnecting' (rooms intact), leave every room, then 'disconnect'. */
  onClose(reason: DisconnectReason, description?: unknown): void {
    if (!this.connected) return;
    callSafely(this.nsp, 'disconnecting', () => this.emitReserved('disconnecting', reason, description));
    this.connected = false;
    this.ended = true;
    if (this.recovery && RECOVERABLE_REASONS.has(reason)) {
      const { pid, startOffset } = this.recovery;
      void this.nsp.adapter.persistSession({ sid: this.id, pid, rooms: [...this.rooms], data: this.data, startOffset });
    }
    this.nsp.adapter.delAll(this.id);
    this.nsp.removeSocket(this);
    this.connection.removeSocket(this.nsp.name);
    this.acks?.rejectAll(new Error('socket has been disconnected'));
    log('socket %s disconnected from namespace %s: %s', this.id, this.nsp.name, reason);
    callSafely(this.nsp, 'disconnect', () => this.emitReserved('disconnect', reason, description));
  }

  // ---- internals ----

  private sendFn() {
    return (flags: Readonly<BroadcastFlags>, event: string, args: unknown[], errorFirstAck = false): boolean =>
      this.sendEvent(flags, event, args, errorFirstAck);
  }

  private ackRegistry(): AckRegistry {
    return (this.acks ??= new AckRegistry(this.nsp.clock));
  }

  private sendEvent(flags: Readonly<BroadcastFlags>, event: string, args: readonly unknown[], errorFirstAck = false): boolean {
    if (RESERVED_EVENTS.has(event)) throw new RtioUsageError(`"${event}" is a reserved event name; pick another name`);
    const data = [event, ...args] as [string, ...unknown[]];
    const packet: EventPacket = { type: PacketType.EVENT, nsp: this.nsp.name, data };
    const last = data[data.length - 1];
    if (typeof last === 'function') {
      data.pop();
      const callback = last as (...response: unknown[]) => void;
      const withError = errorFirstAck || flags.timeout !== undefined;
      packet.id = this.nsp.allocateAckId();
      this.ackRegistry().register((error, response) => {
        if (withError) callback(error, ...response);
        else if (!error) callback(...response);
      }, flags.timeout, packet.id);
    }
    if (this.recovery && packet.id === undefined) {
      // Through the adapter, which logs it with an offset: recovered if it never arrives (or if the
      // socket is gone already, once its client is back).
      this.nsp.adapter.broadcast(packet, { rooms: this.recovery.ownRoom, except: NO_ROOMS, flags });
      return true;
    }
    this.notifyOutgoing(data);
    this.writePacket(packet, flags);
    return true;
  }

  private notifyOutgoing(data: readonly unknown[]): void {
    for (const listener of this.anyOutgoingListeners) {
      callSafely(this.nsp, 'onAnyOutgoing', () => listener(...(data as [string, ...unknown[]])));
    }
  }

  private writePacket(packet: Packet, flags: BroadcastFlags): void {
    this.connection.write(this.nsp.encoder.encode(packet), flags);
  }

  private handleEvent(packet: EventPacket): void {
    // Middlewares get [event, ...args] and may change it in place; listeners see the result.
    const call = packet.data.slice() as [string, ...unknown[]];
    if (packet.id !== undefined) call.push(this.ackFor(packet.id));
    if (this.middlewares.length === 0) {
      this.deliverEvent(call);
      return;
    }
    runMiddlewareChain(this.middlewares, call, (error) => {
      if (error) {
        callSafely(this.nsp, 'error', () => this.emitReserved('error', error));
        return;
      }
      if (this.connected) this.deliverEvent(call);
    });
  }

  /** Calls the catch-all listeners, then the event's own, one at a time (a throw stops no other). */
  private deliverEvent(call: [string, ...unknown[]]): void {
    const event = call[0];
    if (this.anyListeners.length > 0) {
      for (const listener of this.anyListeners) callSafely(this.nsp, event, listener, call);
    }
    if (!this.hasListeners(event as EventNames<Listen>)) return;
    const args = call.slice(1);
    for (const listener of this.rawListeners(event as EventNames<Listen>)) {
      callSafely(this.nsp, event, listener as (...a: unknown[]) => unknown, args);
    }
  }

  /** The function handed to listeners for answering an event; answers at most once. */
  private ackFor(id: number): (...response: unknown[]) => void {
    let answered = false;
    return (...response: unknown[]) => {
      if (answered || !this.connected) return;
      answered = true;
      const packet: AckPacket = { type: PacketType.ACK, nsp: this.nsp.name, id, data: response };
      this.writePacket(packet, {});
    };
  }
}
