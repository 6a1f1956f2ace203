// A namespace: its sockets, connection middlewares, adapter, broadcasts and server-side events.
import { NodeEmitter, PacketType, type Clock, type ConnectPacket, type PacketEncoder } from '@rtio/protocol';
import type { Adapter, AdapterConstructor, FetchedSocket, RecoveryOptions, RestoredSession } from './adapter/adapter.js';
import { BroadcastOperator } from './broadcast-operator.js';
import { runMiddlewareChain } from './middleware-chain.js';
import type { Connection } from './connection.js';
import { createHandshake } from './handshake.js';
import { socketLog as log } from './log.js';
import type { Server } from './server.js';
import { randomId } from './engine/index.js';
import { Socket, type SocketNamespace } from './socket.js';
import {
  RtioUsageError,
  type BroadcastAckParams,
  type DefaultEventsMap,
  type EventNames,
  type EventParams,
  type EventsMap,
  type ParamsWithoutAck,
  type Room,
  type SocketId,
} from './types.js';

/** What a namespace needs from the server. */
export interface NamespaceHost {
  readonly encoder: PacketEncoder;
  readonly clock: Clock;
  readonly adapterConstructor: AdapterConstructor;
  /** connectionStateRecovery, resolved; undefined when off. */
  readonly recovery: RecoveryOptions | undefined;
  reportError(error: unknown, context: string): void;
  /** A namespace's last socket left (dynamic namespaces may be freed). */
  onNamespaceEmpty(nsp: Namespace): void;
}

export type ConnectionMiddleware<S> = (socket: S, next: (error?: Error & { data?: unknown }) => void) => void;

export interface NamespaceReservedEvents<S> {
  connection: (socket: S) => void;
  connect: (socket: S) => void;
}

/**
 * @example
 * const admin = io.of('/admin');
 * admin.use((socket, next) => (socket.handshake.auth.token === 'secret' ? next() : next(new Error('unauthorized'))));
 * admin.on('connection', (socket) => admin.emit('joined', socket.id));
 */
export class Namespace<
    Listen extends EventsMap = DefaultEventsMap,
    Emit extends EventsMap = Listen,
    ServerSide extends EventsMap = DefaultEventsMap,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    Data = any,
  >
  extends NodeEmitter<ServerSide, NamespaceReservedEvents<Socket<Listen, Emit, ServerSide, Data>>>
  implements SocketNamespace
{
  readonly sockets = new Map<SocketId, Socket<Listen, Emit, ServerSide, Data>>();
  adapter: Adapter;
  protected readonly middlewares: Array<ConnectionMiddleware<Socket<Listen, Emit, ServerSide, Data>>> = [];
  private nextAckId = 0;
  /** Connected sockets by private session id (connection state recovery). */
  private readonly socketsByPid = new Map<string, Socket<Listen, Emit, ServerSide, Data>>();

  constructor(
    private readonly host: NamespaceHost,
    readonly name: string,
    /** Set for namespaces created by a dynamic (RegExp / function) parent. */
    readonly isDynamic = false,
    adapterConstructor: AdapterConstructor = host.adapterConstructor,
  ) {
    super();
    this.adapter = new adapterConstructor(this);
    void this.adapter.init();
  }

  /** The server this namespace belongs to. */
  get server(): Server<Listen, Emit, ServerSide, Data> {
    return this.host as unknown as Server<Listen, Emit, ServerSide, Data>;
  }

  get encoder(): PacketEncoder {
    return this.host.encoder;
  }

  get clock(): Clock {
    return this.host.clock;
  }

  get recovery(): RecoveryOptions | undefined {
    return this.host.recovery;
  }

  /** Ack ids are per namespace, so a socket's own acks and broadcast acks never collide. */
  allocateAckId(): number {
    return this.nextAckId++;
  }

  use(middleware: ConnectionMiddleware<Socket<Listen, Emit, ServerSide, Data>>): this {
    this.middlewares.push(middleware);
    return this;
  }

  /** Replaces the adapter (io.adapter(...) calls this on every namespace). */
  setAdapter(adapterConstructor: AdapterConstructor): void {
    void this.adapter.close();
    this.adapter = new adapterConstructor(this);
    void this.adapter.init();
  }

  // ---- broadcasting, through an operator with no room filter ----

  to(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.operator().to(rooms);
  }
  in(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.operator().in(rooms);
  }
  except(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.operator().except(rooms);
  }
  get volatile(): BroadcastOperator<Emit> {
    return this.operator().volatile;
  }
  get local(): BroadcastOperator<Emit> {
    return this.operator().local;
  }
  compress(compress: boolean): BroadcastOperator<Emit> {
    return this.operator().compress(compress);
  }
  timeout(ms: number): BroadcastOperator<Emit> {
    return this.operator().timeout(ms);
  }
  emit<E extends EventNames<Emit>>(event: E, ...args: BroadcastAckParams<EventParams<Emit, E>>): boolean {
    return this.operator().emit(event, ...args);
  }
  emitWithAck<E extends EventNames<Emit>>(event: E, ...args: ParamsWithoutAck<Emit, E>): Promise<unknown[]> {
    return this.operator().emitWithAck(event, ...args);
  }
  /** Emits a `message` event to every socket of the namespace. */
  send(...args: unknown[]): this {
    (this.emit as (event: string, ...rest: unknown[]) => boolean)('message', ...args);
    return this;
  }
  write(...args: unknown[]): this {
    return this.send(...args);
  }
  allSockets(): Promise<Set<SocketId>> {
    return this.operator().allSockets();
  }
  fetchSockets(): Promise<FetchedSocket[]> {
    return this.operator().fetchSockets();
  }
  socketsJoin(rooms: Room | readonly Room[]): void {
    this.operator().socketsJoin(rooms);
  }
  socketsLeave(rooms: Room | readonly Room[]): void {
    this.operator().socketsLeave(rooms);
  }
  disconnectSockets(close = false): void {
    this.operator().disconnectSockets(close);
  }

  /** Emits to the other nodes of a cluster (nothing to do on one node; an ack gets no responses). */
  serverSideEmit<E extends EventNames<ServerSide>>(event: E, ...args: EventParams<ServerSide, E>): boolean {
    if (event === 'connection' || event === 'connect' || event === 'new_namespace') {
      throw new RtioUsageError(`"${event}" is a reserved event name; pick another name`);
    }
    this.adapter.serverSideEmit([event, ...args]);
    return true;
  }

  /** serverSideEmit with an ack: resolves with every other node's response. */
  serverSideEmitWithAck<E extends EventNames<ServerSide>>(event: E, ...args: ParamsWithoutAck<ServerSide, E>): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const callback = (error: Error | null, responses: unknown[]) => (error ? reject(error) : resolve(responses));
      (this.serverSideEmit as (e: string, ...a: unknown[]) => boolean)(event, ...args, callback);
    });
  }

  receiveServerSideEmit(args: unknown[]): void {
    const [event, ...rest] = args as [string, ...unknown[]];
    try {
      this.dispatch(event, rest);
    } catch (error) {
      this.host.reportError(error, `serverSideEmit listener for "${event}"`);
    }
  }

  // ---- connections ----

  /**
   * A CONNECT: restores the client's session when it names one (connection state recovery), runs
   * the middlewares (unless restored with skipMiddlewares), then accepts the socket or answers CONNECT_ERROR.
   */
  addConnection(connection: Connection, packet: ConnectPacket): void {
    const auth = (packet.data ?? {}) as { pid?: unknown; offset?: unknown };
    if (!this.recovery || typeof auth.pid !== 'string' || connection.session.protocol === 3) {
      this.connectSocket(connection, packet, undefined);
      return;
    }
    // Its client is back while the old socket still looks connected (a drop not noticed yet): that one ends now.
    const live = this.socketsByPid.get(auth.pid);
    if (live) live.onClose('transport close', new Error('its client reconnected to restore the session'));
    // Without an offset (the client got no event yet) the session restores from its start.
    this.adapter.restoreSession(auth.pid, typeof auth.offset === 'string' ? auth.offset : undefined).then(
      (restored) => this.connectSocket(connection, packet, restored),
      (error: unknown) => {
        this.host.reportError(error, `restoring a session in namespace ${this.name}`);
        this.connectSocket(connection, packet, undefined);
      },
    );
  }

  private connectSocket(connection: Connection, packet: ConnectPacket, restored: RestoredSession | undefined): void {
    if (!connection.isOpen) return;
    if (restored) log('session %s restored socket %s in namespace %s with %d missed packets', connection.id, restored.sid, this.name, restored.missedPackets.length);
    // Socket.IO 2 clients work their socket id out from the session's; others get a fresh one.
    const eio3 = connection.session.protocol === 3;
    const id = restored?.sid ?? (eio3 ? (this.name === '/' ? connection.session.id : `${this.name}#${connection.session.id}`) : randomId());
    const offset = this.recovery && !eio3 ? this.adapter.currentOffset() : undefined;
    // An adapter that keeps no offsets (none yet: Redis) recovers nothing, so the socket emits directly.
    const recovery = offset !== undefined ? { pid: restored?.pid ?? randomId(), startOffset: restored?.startOffset ?? offset, restored, ownRoom: new Set([id]) } : undefined;
    const handshake = createHandshake(connection.session.request, connection.session.remoteAddress, packet.data ?? {});
    const socket = new Socket<Listen, Emit, ServerSide, Data>(this, connection, id, handshake, recovery);
    const middlewares = restored && this.recovery?.skipMiddlewares ? [] : this.middlewares;
    runMiddlewareChain(middlewares, socket, (error) => {
      if (!connection.isOpen || error || connection.hasNamespace(this.name)) socket.discard();
      if (!connection.isOpen) return;
      if (error) {
        log('socket %s refused by a middleware of namespace %s: %s', socket.id, this.name, error.message);
        const data = eio3
          ? ((error.data ?? error.message) as string)
          : error.data === undefined
            ? { message: error.message }
            : { message: error.message, data: error.data };
        connection.write(this.encoder.encode({ type: PacketType.CONNECT_ERROR, nsp: this.name, data }), {});
        return;
      }
      if (connection.hasNamespace(this.name)) return;
      this.sockets.set(socket.id, socket);
      if (recovery) this.socketsByPid.set(recovery.pid, socket);
      connection.addSocket(this.name, socket);
      socket.acceptConnection();
      log('socket %s connected to namespace %s (session %s)', socket.id, this.name, connection.id);
      for (const event of ['connect', 'connection'] as const) {
        for (const listener of this.rawListeners(event)) {
          try {
            listener(socket);
          } catch (listenerError) {
            this.host.reportError(listenerError, `"${event}" listener of namespace ${this.name}`);
          }
        }
      }
    }, (error) => this.host.reportError(error, `connection middleware of namespace ${this.name}`));
  }

  removeSocket(socket: { id: SocketId }): void {
    const pid = this.sockets.get(socket.id)?.privateSessionId;
    if (pid !== undefined) this.socketsByPid.delete(pid);
    if (!this.sockets.delete(socket.id)) return;
    if (this.sockets.size === 0) this.host.onNamespaceEmpty(this);
  }

  reportError(error: unknown, context: string): void {
    this.host.reportError(error, `${context} in namespace ${this.name}`);
  }

  private operator(): BroadcastOperator<Emit> {
    return new BroadcastOperator<Emit>(this);
  }
}
