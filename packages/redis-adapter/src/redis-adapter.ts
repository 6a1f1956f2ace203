// The Redis adapter: rooms kept per node (the in-memory adapter), and everything that must reach
// other nodes sent over Redis pub/sub, on channels named after the key and the namespace.
import { randomBytes } from 'node:crypto';
import { PacketType, type Packet } from '@rtio/protocol';
import {
  InMemoryAdapter,
  type AdapterNamespace,
  type BroadcastAckCallbacks,
  type BroadcastOptions,
  type FetchedSocket,
  type Room,
  type SocketId,
} from '@rtio/server';
import { ClusterNodes } from './cluster-nodes.js';
import { RedisAdapterError } from './errors.js';
import { MessageType, decodeMessage, encodeMessage, fromWire, toWire, type ClusterMessage } from './messages.js';
import type { RedisAdapterOptions } from './options.js';
import { PendingRequests, type NodeAnswer } from './pending-requests.js';
import { RedisPubSub } from './pubsub.js';
import type { MessageListener, RedisClientLike } from './redis-client.js';
import { RemoteSocket, type RemoteSocketActions, type SocketDetails } from './remote-socket.js';

type Outgoing = Omit<ClusterMessage, 'uid'>;

const toSocket = (id: SocketId): BroadcastOptions => ({ rooms: new Set([id]), except: new Set(), flags: {} });
const sum = (answers: NodeAnswer[]): number => answers.reduce((total, { payload }) => total + (typeof payload === 'number' ? payload : 0), 0);

/**
 * One namespace's adapter on one node. Channels: `<key>#<nsp>#` (every node reads it) and
 * `<key>#<nsp>#<uid>#` (answers to this node). A broadcast is published once and encoded once
 * by each node for its own sockets.
 */
export class RedisAdapter extends InMemoryAdapter {
  /** This node's id in the cluster. */
  readonly uid = randomBytes(8).toString('hex');
  private readonly channel: string;
  private readonly ownChannel: string;
  private readonly pubsub: RedisPubSub;
  private readonly nodes: ClusterNodes;
  private readonly requests = new PendingRequests();
  /** Broadcasts with ack sent from here: where the other nodes' client answers go. */
  private readonly ackForwarders = new Map<number, (response: unknown) => void>();
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private closed = false;
  /** Redis was reported unreachable and has not come back yet. */
  private redisDown = false;
  private readonly onMessage: MessageListener = (message) => this.receive(message);
  private readonly onClientError = (error: Error): void => this.onRedisDown(error);
  private readonly onClientReady = (): void => this.onRedisBack();
  private readonly actions: RemoteSocketActions = {
    emitTo: (id, event, args) => this.broadcast({ type: PacketType.EVENT, nsp: this.nsp.name, data: [event, ...args] }, toSocket(id)),
    joinRooms: (id, rooms) => this.addSockets(toSocket(id), rooms),
    leaveRooms: (id, rooms) => this.delSockets(toSocket(id), rooms),
    disconnectSocket: (id, close) => this.disconnectSockets(toSocket(id), close),
  };

  constructor(
    nsp: AdapterNamespace,
    private readonly pub: RedisClientLike,
    private readonly sub: RedisClientLike,
    private readonly options: RedisAdapterOptions,
  ) {
    super(nsp);
    this.channel = `${options.key}#${nsp.name}#`;
    this.ownChannel = `${this.channel}${this.uid}#`;
    this.pubsub = new RedisPubSub(pub, sub, options.sharded, (error) => this.onRedisDown(error));
    this.nodes = new ClusterNodes(options.heartbeatTimeout, (node) => this.requests.forgetNode(node));
  }

  /** Whether sharded pub/sub is in use (known once the adapter has started). */
  isSharded(): Promise<boolean> {
    return this.pubsub.isSharded();
  }

  override async init(): Promise<void> {
    for (const client of [this.pub, this.sub]) {
      client.on('error', this.onClientError);
      client.on('ready', this.onClientReady);
    }
    this.heartbeatTimer = setInterval(() => this.beat(), this.options.heartbeatInterval);
    this.heartbeatTimer.unref?.();
    try {
      await Promise.all([this.pubsub.subscribe(this.channel, this.onMessage), this.pubsub.subscribe(this.ownChannel, this.onMessage)]);
    } catch (error) {
      this.onRedisDown(error);
    }
    if (!this.closed) this.publish({ t: MessageType.HELLO });
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    for (const client of [this.pub, this.sub]) {
      client.off('error', this.onClientError);
      client.off('ready', this.onClientReady);
    }
    this.publish({ t: MessageType.CLOSE });
    this.requests.endAll();
    this.ackForwarders.clear();
    if (!this.sub.isReady) return;
    try {
      await Promise.all([this.pubsub.unsubscribe(this.channel, this.onMessage), this.pubsub.unsubscribe(this.ownChannel, this.onMessage)]);
    } catch {
      // the subscriber is going away anyway
    }
  }

  // ---- operations: local part first, then the other nodes ----

  override broadcast(packet: Packet, options: BroadcastOptions): void {
    super.broadcast(packet, options);
    if (!options.flags.local) this.publish({ t: MessageType.BROADCAST, packet, opts: toWire(options) });
  }

  override broadcastWithAck(packet: Packet, options: BroadcastOptions, callbacks: BroadcastAckCallbacks): void {
    let localCount = 0;
    super.broadcastWithAck(packet, options, { onClientCount: (count) => (localCount = count), onResponse: callbacks.onResponse });
    const others = options.flags.local || !this.pubsub.ready ? [] : this.nodes.alive();
    if (others.length === 0) {
      callbacks.onClientCount(localCount);
      return;
    }
    // Each node answers with its client count, then forwards its clients' answers as they come.
    const timeout = options.flags.timeout ?? this.options.requestsTimeout;
    const { id, outcome } = this.requests.start(others, timeout);
    this.ackForwarders.set(id, callbacks.onResponse);
    setTimeout(() => this.ackForwarders.delete(id), timeout).unref?.();
    this.publish({ t: MessageType.BROADCAST_WITH_ACK, rid: id, packet, opts: toWire(options) });
    void outcome.then(({ answers }) => callbacks.onClientCount(localCount + sum(answers)));
  }

  override async fetchSockets(options: BroadcastOptions): Promise<FetchedSocket[]> {
    const local = await super.fetchSockets(options);
    if (options.flags.local) return local;
    const answers = await this.ask({ t: MessageType.FETCH_SOCKETS, opts: toWire(options) }, 'fetchSockets');
    const remote = answers.flatMap(({ payload }) => (Array.isArray(payload) ? (payload as SocketDetails[]) : []));
    return [...local, ...remote.map((details) => new RemoteSocket(details, this.actions))];
  }

  override async sockets(rooms: ReadonlySet<Room>): Promise<Set<SocketId>> {
    const ids = await super.sockets(rooms);
    for (const { payload } of await this.ask({ t: MessageType.SOCKET_IDS, rooms: [...rooms] }, 'sockets')) {
      if (Array.isArray(payload)) for (const id of payload) ids.add(String(id));
    }
    return ids;
  }

  override addSockets(options: BroadcastOptions, rooms: Room[]): void {
    super.addSockets(options, rooms);
    if (!options.flags.local) this.publish({ t: MessageType.ADD_SOCKETS, opts: toWire(options), rooms });
  }

  override delSockets(options: BroadcastOptions, rooms: Room[]): void {
    super.delSockets(options, rooms);
    if (!options.flags.local) this.publish({ t: MessageType.DEL_SOCKETS, opts: toWire(options), rooms });
  }

  override disconnectSockets(options: BroadcastOptions, close: boolean): void {
    super.disconnectSockets(options, close);
    if (!options.flags.local) this.publish({ t: MessageType.DISCONNECT_SOCKETS, opts: toWire(options), close });
  }

  override serverSideEmit(args: unknown[]): void {
    const last = args[args.length - 1];
    if (typeof last !== 'function') {
      this.publish({ t: MessageType.SERVER_SIDE_EMIT, args });
      return;
    }
    const callback = last as (error: Error | null, responses: unknown[]) => void;
    void this.collect({ t: MessageType.SERVER_SIDE_EMIT, args: args.slice(0, -1) }, 'serverSideEmit').then(({ answers, error }) =>
      callback(error ?? null, answers.map(({ payload }) => payload)),
    );
  }

  override async serverCount(): Promise<number> {
    return 1 + this.nodes.size;
  }

  override async roomSize(room: Room): Promise<number> {
    const local = await super.roomSize(room);
    return local + sum(await this.ask({ t: MessageType.ROOM_SIZE, room }, 'roomSize'));
  }

  // ---- requests ----

  /** Sends a request to every other live node; fails on a timeout (see collect). */
  private async ask(message: Outgoing, what: string): Promise<NodeAnswer[]> {
    const { answers, error } = await this.collect(message, what);
    if (error) throw error;
    return answers;
  }

  /** Sends a request and gathers one answer per live node; `error` says why some are missing. */
  private async collect(message: Outgoing, what: string): Promise<{ answers: NodeAnswer[]; error?: RedisAdapterError }> {
    if (!this.pubsub.ready) {
      return { answers: [], error: new RedisAdapterError('REDIS_UNAVAILABLE', `${what} cannot reach the other nodes: Redis is unavailable`) };
    }
    const others = this.nodes.alive();
    if (others.length === 0) return { answers: [] };
    const { id, outcome } = this.requests.start(others, this.options.requestsTimeout);
    this.publish({ ...message, rid: id });
    const { answers, missing } = await outcome;
    if (this.closed) return { answers, error: new RedisAdapterError('ADAPTER_CLOSED', `${what}: the adapter was closed while waiting for the other nodes`) };
    if (missing.length === 0) return { answers };
    const error = new RedisAdapterError(
      'REQUEST_TIMEOUT',
      `${what}: ${missing.length} of ${others.length} other node(s) did not answer within ${this.options.requestsTimeout} ms (${missing.join(', ')}); a node that stopped is dropped after heartbeatTimeout (${this.options.heartbeatTimeout} ms)`,
    );
    return { answers, error };
  }

  // ---- incoming ----

  private receive(bytes: Buffer): void {
    if (this.closed) return;
    const message = decodeMessage(bytes);
    if (message === undefined || message.uid === this.uid) return; // malformed, or our own broadcast
    if (message.t === MessageType.CLOSE) {
      this.nodes.remove(message.uid);
      return;
    }
    this.nodes.seen(message.uid);
    try {
      this.handle(message);
    } catch (error) {
      this.report(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private handle(message: ClusterMessage): void {
    const { packet, opts } = message;
    switch (message.t) {
      case MessageType.HELLO:
        this.publishTo(message.uid, { t: MessageType.HEARTBEAT });
        return;
      case MessageType.BROADCAST:
        if (packet && opts) super.broadcast(packet, fromWire(opts));
        return;
      case MessageType.BROADCAST_WITH_ACK:
        if (packet && opts) this.broadcastForNode(message, packet, fromWire(opts));
        return;
      case MessageType.BROADCAST_ACK:
        if (message.rid !== undefined) this.ackForwarders.get(message.rid)?.(message.payload);
        return;
      case MessageType.ADD_SOCKETS:
        if (opts && message.rooms) super.addSockets(fromWire(opts), message.rooms);
        return;
      case MessageType.DEL_SOCKETS:
        if (opts && message.rooms) super.delSockets(fromWire(opts), message.rooms);
        return;
      case MessageType.DISCONNECT_SOCKETS:
        if (opts) super.disconnectSockets(fromWire(opts), message.close === true);
        return;
      case MessageType.FETCH_SOCKETS:
        if (opts) void super.fetchSockets(fromWire(opts)).then((sockets) => this.respond(message, sockets.map(detailsOf)));
        return;
      case MessageType.SOCKET_IDS:
        void super.sockets(new Set(message.rooms ?? [])).then((ids) => this.respond(message, [...ids]));
        return;
      case MessageType.ROOM_SIZE:
        if (typeof message.room === 'string') void super.roomSize(message.room).then((size) => this.respond(message, size));
        return;
      case MessageType.SERVER_SIDE_EMIT:
        this.receiveServerSideEmit(message);
        return;
      case MessageType.RESPONSE:
        if (message.rid !== undefined) this.requests.answer(message.rid, message.uid, message.payload);
        return;
      default:
        return; // HEARTBEAT: seen() was all it takes; unknown types come from newer nodes
    }
  }

  /** Another node's broadcast with ack, for the sockets here: count first, then each answer. */
  private broadcastForNode(message: ClusterMessage, packet: Packet, options: BroadcastOptions): void {
    // Ack ids are per node: this node's namespace gives the one its sockets will answer.
    const local = { ...packet, id: this.nsp.allocateAckId() } as Packet;
    super.broadcastWithAck(local, options, {
      onClientCount: (count) => this.respond(message, count),
      onResponse: (response) => this.publishTo(message.uid, { t: MessageType.BROADCAST_ACK, rid: message.rid, payload: response }),
    });
  }

  private receiveServerSideEmit(message: ClusterMessage): void {
    const args = message.args ?? [];
    if (message.rid === undefined) {
      this.nsp.receiveServerSideEmit(args);
      return;
    }
    let answered = false;
    this.nsp.receiveServerSideEmit([
      ...args,
      (response: unknown) => {
        if (answered) return;
        answered = true;
        this.respond(message, response);
      },
    ]);
  }

  // ---- outgoing ----

  private publish(message: Outgoing): void {
    this.pubsub.publish(this.channel, encodeMessage({ ...message, uid: this.uid } as ClusterMessage));
  }

  private publishTo(node: string, message: Outgoing): void {
    this.pubsub.publish(`${this.channel}${node}#`, encodeMessage({ ...message, uid: this.uid } as ClusterMessage));
  }

  private respond(request: ClusterMessage, payload: unknown): void {
    this.publishTo(request.uid, { t: MessageType.RESPONSE, rid: request.rid, payload });
  }

  private beat(): void {
    this.nodes.sweep();
    this.publish({ t: MessageType.HEARTBEAT });
  }

  // ---- Redis going away and coming back ----

  private onRedisDown(error: unknown): void {
    if (this.closed || this.redisDown) return;
    this.redisDown = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.report(new RedisAdapterError('REDIS_UNAVAILABLE', `Redis is unavailable (${reason}); namespace ${this.nsp.name} serves this node's clients only until it is back`));
  }

  private onRedisBack(): void {
    if (this.closed || !this.redisDown || !this.pubsub.ready) return;
    this.redisDown = false;
    this.report(undefined, `Redis is back; namespace ${this.nsp.name} talks to the other nodes again`);
    this.publish({ t: MessageType.HELLO });
  }

  /** Adapter 'error' listeners hear of failures; without any, one line on the console. */
  private report(error: Error | undefined, notice?: string): void {
    if (error && this.hasListeners('error')) {
      this.emitEvent('error', error);
      return;
    }
    console.warn(`[rtio/redis-adapter] ${error ? error.message : notice}`);
  }
}

function detailsOf(socket: FetchedSocket): SocketDetails {
  return { id: socket.id, handshake: socket.handshake, rooms: [...socket.rooms], data: socket.data };
}
