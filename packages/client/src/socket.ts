// One namespace over a Manager's connection: connect/disconnect, events and acks both ways,
// an offline buffer, and at-least-once emits with `retries`.
import {
  AckRegistry,
  Emitter,
  PacketType,
  RESERVED_EVENTS,
  VERBOSE,
  type AckResult,
  type EventNames,
  type EventParams,
  type EventsMap,
  type EventPacket,
  type Packet,
  type ParamsWithoutAck,
  type WithErrorAck,
} from '@rtio/protocol';
import type { EngineError } from './engine/index.js';
import type { ManagerEvents } from './manager-events.js';
import type { Manager } from './manager.js';
import type { AuthOption, SocketOptions } from './options.js';
import { LOGS, socketLog } from './log.js';

/** What a socket needs from its Manager (passed in through the constructor); also `socket.io`. */
export interface SocketManager extends Emitter<Record<never, never>, ManagerEvents> {
  readonly isOpen: boolean;
  readonly reconnecting: boolean;
  readonly clock: ConstructorParameters<typeof AckRegistry>[0];
  readonly writable: boolean;
  open(): void;
  write(packet: Packet & { options?: { compress: boolean } }): void;
  release(socket: Socket): void;
}

export type DisconnectReason = 'io server disconnect' | 'io client disconnect' | 'ping timeout' | 'transport close' | 'transport error' | 'parse error';

/** `connect_error`'s error: the server's refusal (`kind: 'server'`, `data`) or why the connection failed. */
export interface ConnectError extends Error {
  kind?: EngineError['kind'];
  data?: unknown;
  status?: number;
  code?: number;
}

export interface SocketReservedEvents {
  connect: () => void;
  connect_error: (error: ConnectError) => void;
  disconnect: (reason: DisconnectReason, details?: unknown) => void;
}

interface Flags {
  timeout?: number;
  volatile?: boolean;
  compress?: boolean;
  /** Sent from the retry queue: the ack is error-first whatever the timeout. */
  queued?: boolean;
  /** Sent by emitWithAck(): error-first too, so a disconnect rejects it. */
  withError?: boolean;
}

interface QueuedEmit {
  args: unknown[];
  flags: Flags;
  tries: number;
  /** Sent, awaiting its ack (unset until first sent). */
  pending?: boolean;
}

type AnyListener = (event: string, ...args: unknown[]) => void;

/** An event on its way out; `options.compress` as in socket.io-client's packets. */
export type OutgoingPacket = EventPacket & { options?: { compress: boolean } };

/** `socket.timeout(ms)`: the same emits, with error-first ack callbacks. */
export interface TimedEmitter<Emit extends EventsMap> {
  emit<E extends EventNames<Emit>>(event: E, ...args: WithErrorAck<EventParams<Emit, E>>): unknown;
  emitWithAck<E extends EventNames<Emit>>(event: E, ...args: ParamsWithoutAck<Emit, E>): Promise<AckResult<Emit, E>>;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => void;

/**
 * @example
 * const socket = io('https://example.com/chat', { auth: { token } });
 * socket.on('message', (text) => console.log(text));
 * const reply = await socket.timeout(5000).emitWithAck('send', 'hi');
 */
export class Socket<Listen extends EventsMap = EventsMap, Emit extends EventsMap = Listen> extends Emitter<Listen, SocketReservedEvents> {
  id: string | undefined;
  // Public fields are set in the constructor: a public field initializer would move every #field's initializer there too.
  connected: boolean;
  /** Whether the socket tries to be connected (between connect() and disconnect() or a refusal). */
  active: boolean;
  /** Whether connection state recovery restored the session on the last connect (same id, rooms, missed events). */
  recovered: boolean;
  /** Connection state recovery: the private session id and the offset of the last event received. */
  #pid: string | undefined;
  #offset: string | undefined;
  /** The server ends every event without an ack with its offset (rtio does; Socket.IO not for volatile ones). */
  #strip = false;
  readonly #opts: Partial<SocketOptions>;
  readonly #acks: AckRegistry;
  #flags: Flags = {};
  /** Emits waiting for the connection, sent on connect (assign [] to drop them). */
  sendBuffer: OutgoingPacket[];
  /** Events that arrived before the connection was acknowledged, delivered on connect. */
  receiveBuffer: unknown[][];
  /** Sent with every CONNECT (a function is called at each one); assign it to change what the next connect sends. */
  auth: AuthOption | undefined;
  #queue: QueuedEmit[] = [];
  #any: AnyListener[] = [];
  #anyOut: AnyListener[] = [];

  /** The Manager of this socket's connection (`socket.io.engine`, `socket.io.on('reconnect')`…). */
  readonly io: Manager;
  readonly nsp: string;

  constructor(io: SocketManager, nsp: string, opts: Partial<SocketOptions> = {}) {
    super();
    this.io = io as Manager; // the Manager is the only SocketManager there is
    this.nsp = nsp;
    this.connected = this.active = this.recovered = false;
    this.sendBuffer = [];
    this.receiveBuffer = [];
    this.auth = opts.auth;
    this.#opts = opts;
    this.#acks = new AckRegistry(io.clock);
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  connect(): this {
    if (this.connected) return this;
    this.active = true;
    if (this.io.isOpen) this.onOpen();
    else if (!this.io.reconnecting) this.io.open(); // a scheduled attempt keeps its backoff
    return this;
  }

  open(): this {
    return this.connect();
  }

  disconnect(): this {
    if (this.connected) this.io.write({ type: PacketType.DISCONNECT, nsp: this.nsp });
    this.active = false;
    this.onClose('io client disconnect');
    this.io.release(this);
    return this;
  }

  close(): this {
    return this.disconnect();
  }

  emit<E extends EventNames<Emit>>(event: E, ...args: EventParams<Emit, E>): this {
    // socket.io-client's message for a reserved name; a TypeError (an Error too) for a name that is not a string.
    if (typeof event !== 'string') throw new TypeError('event names are strings');
    if (RESERVED_EVENTS.has(event)) throw new TypeError(`"${event}" is a reserved event name`);
    const flags = this.#flags;
    this.#flags = {};
    const data: [string, ...unknown[]] = [event, ...args];
    const callback = typeof data.at(-1) === 'function' ? (data.pop() as Fn) : undefined;
    if (this.#opts.retries && !flags.queued) {
      // `retries`: each emit waits for its ack (or runs out of tries) before the next one is sent.
      const entry: QueuedEmit = { args: data, flags, tries: 0 };
      data.push((error: Error | null, ...response: unknown[]) => {
        if (entry !== this.#queue[0]) return;
        if (error && entry.tries <= (this.#opts.retries as number)) {
          entry.pending = false;
        } else {
          this.#queue.shift();
          callback?.(error, ...response);
        }
        this.#drainQueue();
      });
      this.#queue.push(entry);
      this.#drainQueue();
      return this;
    }
    // compress(false): sent without per-message deflate (Node, where `ws` compresses).
    const packet: OutgoingPacket = { type: PacketType.EVENT, nsp: this.nsp, data, options: { compress: flags.compress !== false } };
    if (callback) {
      const timeout = flags.timeout ?? this.#opts.ackTimeout;
      const errorFirst = timeout !== undefined || flags.queued || flags.withError;
      packet.id = this.#acks.register((error, response) => {
        // Timed out while offline: it is not sent later (socket.io-client drops it too).
        if (error) this.sendBuffer = this.sendBuffer.filter((queued) => queued !== packet);
        errorFirst ? callback(error, ...response) : error || callback(...response);
      }, timeout);
    }
    if (this.connected && !(flags.volatile && !this.io.writable)) {
      this.#sendEvent(packet);
    } else if (!flags.volatile) {
      this.sendBuffer.push(packet);
    }
    return this;
  }

  /** Resolves with the first argument of the server's ack; rejects on timeout, or when the socket disconnects first. */
  emitWithAck<E extends EventNames<Emit>>(event: E, ...args: ParamsWithoutAck<Emit, E>): Promise<AckResult<Emit, E>> {
    // Error-first even without a timeout, so a disconnect rejects it instead of leaving it pending.
    this.#flags.withError = true;
    return new Promise<unknown>((resolve, reject) => {
      (this.emit as Fn)(event, ...args, (error: Error | null, value: unknown) => (error ? reject(error) : resolve(value)));
    }) as Promise<AckResult<Emit, E>>;
  }

  send(...args: unknown[]): this {
    return (this.emit as (...a: unknown[]) => this)('message', ...args);
  }

  timeout(ms: number): TimedEmitter<Emit> {
    this.#flags.timeout = ms;
    return this as unknown as TimedEmitter<Emit>;
  }

  get volatile(): this {
    this.#flags.volatile = true;
    return this;
  }

  compress(compress: boolean): this {
    this.#flags.compress = compress;
    return this;
  }

  onAny(listener: AnyListener): this {
    this.#any.push(listener);
    return this;
  }
  prependAny(listener: AnyListener): this {
    this.#any.unshift(listener);
    return this;
  }
  offAny(listener?: AnyListener): this {
    this.#any = listener ? this.#any.filter((l) => l !== listener) : [];
    return this;
  }
  listenersAny(): AnyListener[] {
    return this.#any.slice();
  }
  onAnyOutgoing(listener: AnyListener): this {
    this.#anyOut.push(listener);
    return this;
  }
  prependAnyOutgoing(listener: AnyListener): this {
    this.#anyOut.unshift(listener);
    return this;
  }
  offAnyOutgoing(listener?: AnyListener): this {
    this.#anyOut = listener ? this.#anyOut.filter((l) => l !== listener) : [];
    return this;
  }
  listenersAnyOutgoing(): AnyListener[] {
    return this.#anyOut.slice();
  }

  // ---- called by the Manager ----

  /** The connection is (re)open: ask to join the namespace, with fresh auth. */
  onOpen(): void {
    if (!this.active) return;
    const send = (auth?: Record<string, unknown>) =>
      this.io.write({ type: PacketType.CONNECT, nsp: this.nsp, data: this.#pid ? { pid: this.#pid, offset: this.#offset, ...auth } : auth });
    const auth = this.auth;
    if (typeof auth === 'function') auth(send);
    else send(auth);
  }

  onPacket(packet: Packet): void {
    switch (packet.type) {
      case PacketType.CONNECT: {
        const id = packet.data?.sid;
        if (typeof id !== 'string') return this.#fail(VERBOSE ? 'no socket id in CONNECT: not a Socket.IO v5 server' : 'CONNECT', 'protocol');
        if (LOGS) socketLog('%s connected: id %s', this.nsp, id);
        this.id = id;
        this.connected = true;
        const { pid, offsets } = packet.data as { pid?: string; offsets?: unknown };
        if (!(this.recovered = !!pid && pid === this.#pid)) this.#offset = undefined;
        this.#pid = pid;
        this.#strip = offsets === true;
        const received = this.receiveBuffer;
        const buffered = this.sendBuffer;
        this.receiveBuffer = [];
        this.sendBuffer = [];
        for (const args of received) this.#deliver(args);
        for (const packet of buffered) this.#sendEvent(packet);
        this.#drainQueue(true);
        this.emitReserved('connect');
        return;
      }
      case PacketType.EVENT:
      case PacketType.BINARY_EVENT: {
        // The event's name and arguments, with an ack function last when the server asked for one.
        const args: unknown[] = packet.data.slice();
        const id = packet.id;
        const last = args[args.length - 1];
        // With recovery on, an event without an ack ends with its offset: kept for the next CONNECT.
        if (this.#pid && id === undefined && typeof last == 'string') {
          this.#offset = last;
          if (this.#strip) args.pop();
        }
        if (id !== undefined) {
          let sent = false;
          args.push((...response: unknown[]) => {
            if (sent) return;
            sent = true;
            this.io.write({ type: PacketType.ACK, nsp: this.nsp, id, data: response });
          });
        }
        if (this.connected) this.#deliver(args);
        else if (this.active) this.receiveBuffer.push(args);
        return;
      }
      case PacketType.ACK:
      case PacketType.BINARY_ACK:
        this.#acks.resolve(packet.id, packet.data);
        return;
      case PacketType.DISCONNECT:
        this.active = false;
        this.onClose('io server disconnect'); // before release(), which may close the connection
        this.io.release(this);
        return;
      case PacketType.CONNECT_ERROR: {
        const data = packet.data;
        if (typeof data === 'string') this.#fail(data, 'server');
        else this.#fail(data.message, 'server', data.data);
      }
    }
  }

  /** The connection failed or was refused before this socket connected. */
  onError(error: ConnectError): void {
    if (!this.connected) this.emitReserved('connect_error', error);
  }

  onClose(reason: DisconnectReason, details?: unknown): void {
    if (!this.connected) return;
    if (LOGS) socketLog('%s disconnected: %s', this.nsp, reason);
    this.connected = false;
    this.id = undefined;
    this.#acks.rejectAll(new Error('socket has been disconnected'));
    this.emitReserved('disconnect', reason, details);
  }

  // ---- internals ----

  /** Refused (`server`, with the server's `data` if any) or not a Socket.IO v5 server (`protocol`). */
  #fail(message: string, kind: ConnectError['kind'], data?: unknown): void {
    if (LOGS) socketLog('%s refused (%s): %s', this.nsp, kind, message);
    const error: ConnectError = new Error(message);
    error.kind = kind;
    if (data !== undefined) error.data = data;
    this.active = false;
    this.io.release(this);
    this.emitReserved('connect_error', error);
  }

  /** Shows an outgoing event to the onAnyOutgoing listeners, then writes it. */
  #sendEvent(packet: OutgoingPacket): void {
    for (const listener of this.#anyOut.slice()) listener(...packet.data);
    this.io.write(packet);
  }

  #deliver([event, ...args]: unknown[]): void {
    for (const listener of this.#any.slice()) listener(event as string, ...args);
    this.dispatch(event as string, args);
  }

  #drainQueue(force?: boolean): void {
    const entry = this.#queue[0];
    if (!this.connected || !entry || (entry.pending && !force)) return;
    entry.pending = true;
    entry.tries++;
    this.#flags = { ...entry.flags, queued: true };
    (this.emit as Fn)(...entry.args);
  }
}
