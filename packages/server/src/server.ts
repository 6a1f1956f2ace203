// The rtio server: attaches the engine to an http server and owns the namespaces.
import type { Server as HttpServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  NodeEmitter,
  PacketEncoder,
  PacketType,
  type AllEventNames,
  type ConnectPacket,
  type ListenerFor,
} from '@rtio/protocol';
import type { AdapterConstructor, FetchedSocket, RecoveryOptions } from './adapter/adapter.js';
import { RtioUsageError } from './types.js';
import type { BroadcastOperator } from './broadcast-operator.js';
import { Connection, type ConnectionHost } from './connection.js';
import { EngineServer, resolveEngineOptions, type EngineSession } from './engine/index.js';
import { Namespace, type ConnectionMiddleware, type NamespaceHost } from './namespace.js';
import { socketLog } from './log.js';
import { createOwnHttpServer } from './own-http-server.js';
import { SOCKET_LAYER_DEFAULTS, type ServerOptions } from './options.js';
import { ParentNamespace, type NamespaceMatcher } from './parent-namespace.js';
import type { Socket } from './socket.js';
import { resolveRecoveryOptions } from './socket-recovery.js';
import { createClientFileHandler, type ClientBundle } from './static.js';
import type {
  BroadcastAckParams,
  DefaultEventsMap,
  EventNames,
  EventParams,
  EventsMap,
  ParamsWithoutAck,
  Room,
  SocketId,
} from './types.js';

export interface ServerReservedEvents<S, N> {
  connection: (socket: S) => void;
  connect: (socket: S) => void;
  new_namespace: (namespace: N) => void;
  /** An application handler or middleware threw; the connection carries on. */
  error: (error: unknown, context: string) => void;
}

const SERVER_EVENTS = new Set(['connection', 'connect', 'new_namespace', 'error']);

/** @rtio/client's built browser bundles, when the package is installed beside the server. */
function defaultClientBundle(): ClientBundle {
  // ESM has import.meta.url, the CJS build has __filename.
  const from = typeof __filename === 'string' ? __filename : import.meta.url;
  try {
    const manifest = createRequire(from).resolve('@rtio/client/package.json');
    const dir = join(dirname(manifest), 'dist/browser');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
    return {
      js: join(dir, 'rtio.min.js'),
      map: join(dir, 'rtio.min.js.map'),
      esm: join(dir, 'rtio.esm.min.js'),
      esmMap: join(dir, 'rtio.esm.min.js.map'),
      debug: join(dir, 'rtio.debug.js'),
      debugMap: join(dir, 'rtio.debug.js.map'),
      ...(typeof version === 'string' ? { version } : {}),
    };
  } catch {
    return { js: '(@rtio/client is not installed)', map: '(@rtio/client is not installed)' };
  }
}

function normalizeName(name: string): string {
  return name.startsWith('/') ? name : `/${name}`;
}

/**
 * @example
 * const io = new Server(httpServer);            // or new Server(3000)
 * io.on('connection', (socket) => socket.emit('hello', 'world'));
 */
export class Server<
    Listen extends EventsMap = DefaultEventsMap,
    Emit extends EventsMap = Listen,
    ServerSide extends EventsMap = DefaultEventsMap,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    Data = any,
  >
  extends NodeEmitter<ServerSide, ServerReservedEvents<Socket<Listen, Emit, ServerSide, Data>, Namespace<Listen, Emit, ServerSide, Data>>>
  implements NamespaceHost, ConnectionHost
{
  readonly options: ServerOptions;
  readonly encoder: PacketEncoder;
  /** connectionStateRecovery with its defaults; undefined when off. */
  readonly recovery: RecoveryOptions | undefined;
  /** The main namespace, "/". */
  readonly sockets: Namespace<Listen, Emit, ServerSide, Data>;
  httpServer: HttpServer | undefined;
  private readonly namespaces = new Map<string, Namespace<Listen, Emit, ServerSide, Data>>();
  private readonly parents: Array<ParentNamespace<Listen, Emit, ServerSide, Data>> = [];
  private readonly connections = new Set<Connection>();
  private ownsHttpServer = false;
  private currentEngine: EngineServer;
  private engineOptions: ReturnType<typeof resolveEngineOptions>;

  constructor(server?: HttpServer | number | Partial<ServerOptions>, options: Partial<ServerOptions> = {}) {
    super();
    const isHttpServer = typeof server === 'object' && typeof (server as HttpServer).listen === 'function';
    const explicit = typeof server === 'object' && !isHttpServer ? server : options;
    const engineOptions = resolveEngineOptions({ path: '/rt/', ...explicit });
    this.options = { ...SOCKET_LAYER_DEFAULTS, ...explicit, ...engineOptions };
    this.encoder = new PacketEncoder(this.options.parser);
    this.recovery = resolveRecoveryOptions(this.options.connectionStateRecovery);
    this.engineOptions = engineOptions;
    this.currentEngine = this.createEngine();
    this.sockets = this.of('/');
    this.sockets.on('connection', (socket) => this.emitReserved('connection', socket));
    this.sockets.on('connect', (socket) => this.emitReserved('connect', socket));
    if (typeof server === 'number') this.listen(server);
    else if (isHttpServer) this.attach(server as HttpServer);
  }

  /** Every namespace by name, dynamic children included (Socket.IO's semi-internal, read by its admin UI). */
  get _nsps(): ReadonlyMap<string, Namespace<Listen, Emit, ServerSide, Data>> {
    return this.namespaces;
  }

  /** The Engine.IO server; a new one after close() and listen()/attach() again, as in Socket.IO. */
  get engine(): EngineServer {
    return this.currentEngine;
  }

  get clock() {
    return this.options.clock;
  }
  get connectTimeoutMs(): number {
    return this.options.connectTimeout;
  }
  get parserLimits() {
    return this.options.parser;
  }
  get adapterConstructor(): AdapterConstructor {
    return this.options.adapter;
  }

  /** Server events as Socket.IO has them; any other name is a serverSideEmit event of "/". */
  override on<E extends AllEventNames<ServerSide, ServerReservedEvents<Socket<Listen, Emit, ServerSide, Data>, Namespace<Listen, Emit, ServerSide, Data>>>>(
    event: E,
    listener: ListenerFor<ServerSide, ServerReservedEvents<Socket<Listen, Emit, ServerSide, Data>, Namespace<Listen, Emit, ServerSide, Data>>, E>,
  ): this {
    if (SERVER_EVENTS.has(event)) return super.on(event, listener);
    (this.sockets.on as (e: string, l: unknown) => unknown)(event, listener);
    return this;
  }

  /** Attaches to an http server (or creates one listening on `port`); `options` apply from now on. */
  attach(server: HttpServer | number, options?: Partial<ServerOptions>): this {
    if (options !== undefined) {
      if (this.httpServer !== undefined && !this.currentEngine.isClosed) {
        throw new RtioUsageError('attach(server, options): already attached; close() first');
      }
      this.engineOptions = resolveEngineOptions({ ...this.engineOptions, ...options });
      Object.assign(this.options, options, this.engineOptions);
      this.currentEngine.close(); // not attached yet: nothing to lose
    }
    if (this.currentEngine.isClosed) this.currentEngine = this.createEngine();
    if (typeof server === 'number') {
      const created = createOwnHttpServer();
      this.ownsHttpServer = true;
      created.listen(server);
      server = created;
    }
    else this.ownsHttpServer = false;
    this.httpServer = server;
    const { serveClient, path } = this.options;
    this.engine.attach(server, serveClient ? createClientFileHandler(path, this.options.clientBundle ?? defaultClientBundle(), this.options.cors) : undefined);
    return this;
  }

  listen(server: HttpServer | number, options?: Partial<ServerOptions>): this {
    return this.attach(server, options);
  }

  /** Gets or creates a namespace; a RegExp or function creates dynamic namespaces. */
  of(
    name: string | NamespaceMatcher,
    onConnection?: (socket: Socket<Listen, Emit, ServerSide, Data>) => void,
  ): Namespace<Listen, Emit, ServerSide, Data> {
    let namespace: Namespace<Listen, Emit, ServerSide, Data>;
    if (typeof name === 'string') {
      const key = normalizeName(name);
      namespace = this.namespaces.get(key) ?? this.createNamespace(key);
    } else {
      const parent = new ParentNamespace<Listen, Emit, ServerSide, Data>(this, name);
      this.parents.push(parent);
      namespace = parent;
    }
    if (onConnection) namespace.on('connection', onConnection);
    return namespace;
  }

  use(middleware: ConnectionMiddleware<Socket<Listen, Emit, ServerSide, Data>>): this {
    this.sockets.use(middleware);
    return this;
  }

  /** Sets the adapter of every namespace, present and future (e.g. the Redis adapter); without an argument, returns it. */
  adapter(): AdapterConstructor;
  adapter(adapterConstructor: AdapterConstructor): this;
  adapter(adapterConstructor?: AdapterConstructor): this | AdapterConstructor {
    if (adapterConstructor === undefined) return this.options.adapter;
    this.options.adapter = adapterConstructor;
    for (const namespace of this.namespaces.values()) namespace.setAdapter(adapterConstructor);
    return this;
  }

  /** How long a connection may take to join a namespace; new connections get the new value. */
  connectTimeout(): number;
  connectTimeout(ms: number): this;
  connectTimeout(ms?: number): this | number {
    if (ms === undefined) return this.options.connectTimeout;
    if (!(ms >= 0)) throw new RtioUsageError(`connectTimeout(ms) needs a non-negative number, got ${String(ms)}`);
    this.options.connectTimeout = ms;
    return this;
  }

  /** Whether attach()/listen() serve the browser client on the path. */
  serveClient(): boolean;
  serveClient(serve: boolean): this;
  serveClient(serve?: boolean): this | boolean {
    if (serve === undefined) return this.options.serveClient;
    this.options.serveClient = serve;
    return this;
  }

  /** The engine's path; set it before attach()/listen(). */
  path(): string;
  path(value: string): this;
  path(value?: string): this | string {
    if (value === undefined) return this.options.path;
    if (this.httpServer !== undefined && !this.currentEngine.isClosed) {
      throw new RtioUsageError('path(value) must be called before attach()/listen(): the engine already listens on its path');
    }
    this.engineOptions = resolveEngineOptions({ ...this.engineOptions, path: value });
    this.options.path = this.engineOptions.path;
    this.currentEngine.close(); // not attached yet: nothing to lose
    this.currentEngine = this.createEngine();
    return this;
  }

  // ---- the main namespace's broadcasts ----
  emit<E extends EventNames<Emit>>(event: E, ...args: BroadcastAckParams<EventParams<Emit, E>>): boolean {
    return this.sockets.emit(event, ...args);
  }
  emitWithAck<E extends EventNames<Emit>>(event: E, ...args: ParamsWithoutAck<Emit, E>): Promise<unknown[]> {
    return this.sockets.emitWithAck(event, ...args);
  }
  to(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.sockets.to(rooms);
  }
  in(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.sockets.in(rooms);
  }
  except(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.sockets.except(rooms);
  }
  get volatile(): BroadcastOperator<Emit> {
    return this.sockets.volatile;
  }
  get local(): BroadcastOperator<Emit> {
    return this.sockets.local;
  }
  compress(compress: boolean): BroadcastOperator<Emit> {
    return this.sockets.compress(compress);
  }
  timeout(ms: number): BroadcastOperator<Emit> {
    return this.sockets.timeout(ms);
  }
  send(...args: unknown[]): this {
    this.sockets.send(...args);
    return this;
  }
  write(...args: unknown[]): this {
    return this.send(...args);
  }
  allSockets(): Promise<Set<SocketId>> {
    return this.sockets.allSockets();
  }
  fetchSockets(): Promise<FetchedSocket[]> {
    return this.sockets.fetchSockets();
  }
  socketsJoin(rooms: Room | readonly Room[]): void {
    this.sockets.socketsJoin(rooms);
  }
  socketsLeave(rooms: Room | readonly Room[]): void {
    this.sockets.socketsLeave(rooms);
  }
  disconnectSockets(close = false): void {
    this.sockets.disconnectSockets(close);
  }
  serverSideEmit<E extends EventNames<ServerSide>>(event: E, ...args: EventParams<ServerSide, E>): boolean {
    return this.sockets.serverSideEmit(event, ...args);
  }
  serverSideEmitWithAck<E extends EventNames<ServerSide>>(event: E, ...args: ParamsWithoutAck<ServerSide, E>): Promise<unknown[]> {
    return this.sockets.serverSideEmitWithAck(event, ...args);
  }

  /**
   * Disconnects every client ('server shutting down'), closes the adapters and the engine, then
   * closes the http server, as Socket.IO does: the one it was given too. `callback` gets the http
   * server's close error (ERR_SERVER_NOT_RUNNING when it was not listening); the promise resolves
   * either way, so closing twice is safe. listen()/attach() afterwards start a new engine.
   */
  async close(callback?: (error?: Error) => void): Promise<void> {
    for (const connection of [...this.connections]) connection.closeAll('server shutting down');
    this.currentEngine.close();
    await Promise.allSettled([...this.namespaces.values()].map(async (namespace) => namespace.adapter.close()));
    const server = this.httpServer;
    if (server === undefined) {
      callback?.();
      return;
    }
    await new Promise<void>((resolve) => {
      server.close((error) => {
        callback?.(error);
        resolve();
      });
      // Connections of an http server rtio created are all rtio's; a user's serve their app too.
      if (this.ownsHttpServer) server.closeAllConnections();
    });
  }

  // ---- hosts for connections and namespaces ----

  connectToNamespace(connection: Connection, packet: ConnectPacket): void {
    const existing = this.namespaces.get(packet.nsp);
    if (existing) return existing.addConnection(connection, packet);
    this.matchParent(packet.nsp, packet.data ?? {}, 0, (parent) => {
      if (!connection.isOpen) return;
      if (!parent) {
        socketLog('session %s refused by namespace %s: Invalid namespace', connection.id, packet.nsp);
        const data = { message: 'Invalid namespace' };
        connection.write(this.encoder.encode({ type: PacketType.CONNECT_ERROR, nsp: packet.nsp, data }), {});
        return;
      }
      let child = this.namespaces.get(packet.nsp);
      if (!child) {
        child = parent.createChild(this, packet.nsp);
        this.namespaces.set(packet.nsp, child);
        this.emitReserved('new_namespace', child);
      }
      child.addConnection(connection, packet);
    });
  }

  removeConnection(connection: Connection): void {
    this.connections.delete(connection);
  }

  onNamespaceEmpty(namespace: Namespace): void {
    if (!namespace.isDynamic || !this.options.cleanupEmptyChildNamespaces) return;
    this.namespaces.delete(namespace.name);
    for (const parent of this.parents) parent.children.delete(namespace as Namespace<Listen, Emit, ServerSide, Data>);
    void namespace.adapter.close();
  }

  reportError(error: unknown, context: string): void {
    if (this.hasListeners('error')) this.emitReserved('error', error, context);
    else console.error(`[rtio] ${context} threw:`, error);
  }

  private createNamespace(name: string): Namespace<Listen, Emit, ServerSide, Data> {
    const namespace = new Namespace<Listen, Emit, ServerSide, Data>(this, name);
    this.namespaces.set(name, namespace);
    if (name !== '/') this.emitReserved('new_namespace', namespace);
    return namespace;
  }

  private matchParent(
    name: string,
    auth: Record<string, unknown>,
    index: number,
    done: (parent: ParentNamespace<Listen, Emit, ServerSide, Data> | undefined) => void,
  ): void {
    const parent = this.parents[index];
    if (!parent) return done(undefined);
    parent.matches(name, auth, (allow) => (allow ? done(parent) : this.matchParent(name, auth, index + 1, done)));
  }

  private createEngine(): EngineServer {
    const engine = new EngineServer(this.engineOptions);
    engine.on('connection', (session) => this.onSession(session));
    return engine;
  }

  private onSession(session: EngineSession): void {
    const connection = new Connection(this, session);
    this.connections.add(connection);
    // Socket.IO 2 clients (Engine.IO 3) never send a CONNECT for "/": they are in it at once.
    if (session.protocol === 3) this.connectToNamespace(connection, { type: PacketType.CONNECT, nsp: '/' });
  }
}
