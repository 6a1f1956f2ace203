// One connection (engine socket) shared by the namespaces of an origin: decoding, routing,
// and the reconnection loop with capped, jittered backoff on an injectable clock.
import { DEFAULT_LIMITS, Emitter, VERBOSE, nativeClock, PacketDecoder, serializePacket, type Packet, type TimerHandle } from '@rtio/protocol';
import { backoff } from './backoff.js';
import { enginePath, parseUrl } from './url.js';
import { EngineSocket, defaultEngineOptions, type EngineCloseReason, type EngineError } from './engine/index.js';
import type { ManagerEvents } from './manager-events.js';
import { LOGS, managerLog } from './log.js';
import { unrefTimer } from '#auto-unref';
import type { ManagerOptions, SocketOptions } from './options.js';

export type { ManagerEvents };
import { Socket, type SocketManager } from './socket.js';


const RECONNECTION = { reconnection: true, reconnectionAttempts: Infinity, reconnectionDelay: 1000, reconnectionDelayMax: 5000, randomizationFactor: 0.5 };
/** The options socket.io-client's Manager also reads and sets through methods of the same name. */
type Settable = keyof typeof RECONNECTION | 'timeout';

/** The options given over the defaults; `query`: the URL's query, under the option's. */
function defaults(options: Partial<ManagerOptions>, query: Record<string, string>): ManagerOptions {
  return {
    ...defaultEngineOptions(),
    ...RECONNECTION,
    autoConnect: true,
    random: Math.random,
    ...(options.useNativeTimers && { clock: nativeClock }),
    ...options,
    query: { ...query, ...options.query },
    path: enginePath(options),
  };
}


/** `manager.reconnection()` reads the option, `manager.reconnection(false)` sets it (for the next attempt) and returns the manager. */
export interface Manager {
  reconnection(): boolean;
  reconnection(value: boolean): this;
  reconnectionAttempts(): number;
  reconnectionAttempts(value: number): this;
  reconnectionDelay(): number;
  reconnectionDelay(value: number): this;
  reconnectionDelayMax(): number;
  reconnectionDelayMax(value: number): this;
  randomizationFactor(): number;
  randomizationFactor(value: number): this;
  timeout(): number;
  timeout(value: number): this;
}

/**
 * @example
 * const manager = new Manager('https://example.com', { reconnectionDelayMax: 10000 });
 * const chat = manager.socket('/chat', { auth: { token } });
 * manager.on('reconnect_attempt', (n) => console.log('retry', n));
 */
export class Manager extends Emitter<Record<never, never>, ManagerEvents> implements SocketManager {
  readonly opts: ManagerOptions;
  engine: EngineSocket | undefined;
  /** Iterated over a copy (`[...values()]`) where listeners run: they may add or remove sockets meanwhile. */
  readonly #sockets = new Map<string, Socket>();
  /** rtio's codec, or a `parser`'s (whose decoder emits `decoded` where rtio's add() returns the packet). */
  readonly #encoder: { encode(packet: Packet): unknown[] };
  readonly #decoder: { add(data: unknown): Packet | null | void; destroy(): void };
  #attempts = 0;
  #reconnectingNow = false;
  #reconnectTimer: TimerHandle | undefined;
  #skipReconnect = false;
  /** The engine finished its handshake (opening or open: `engine` is set; closed: it is not). */
  #engineOpen = false;

  /** The server's origin (scheme, host, port): a path in the URL given is not used, as in socket.io-client. */
  readonly uri: string;

  /** `new Manager(url, options)`, or `new Manager(options)` for the page's own server. */
  constructor(uri?: string | Partial<ManagerOptions>, options: Partial<ManagerOptions> = {}) {
    super();
    if (typeof uri === 'object') {
      options = uri;
      uri = undefined;
    }
    const { origin, query } = parseUrl(uri);
    this.uri = origin;
    this.opts = defaults(options, query);
    const custom = this.opts.parser;
    // Sockets build only well-formed packets (names and namespaces are checked where they come in).
    if (custom) {
      this.#encoder = new custom.Encoder();
      const decoder = (this.#decoder = new custom.Decoder());
      // From a microtask, as socket.io-client's nextTick: a listener's throw is then no parse error.
      decoder.on('decoded', (packet) => queueMicrotask(() => this.#route(packet)));
    } else {
      this.#encoder = { encode: (packet) => serializePacket(packet, DEFAULT_LIMITS) };
      this.#decoder = new PacketDecoder();
    }
    if (this.opts.autoConnect) this.open();
  }

  get clock() {
    return this.opts.clock;
  }
  get isOpen(): boolean {
    return this.#engineOpen;
  }
  get writable(): boolean {
    return !!this.engine?.writable;
  }
  /** A reconnection attempt is scheduled or running. */
  get reconnecting(): boolean {
    return this.#reconnectingNow;
  }

  hasSocket(nsp: string): boolean {
    return this.#sockets.has(nsp);
  }

  /** The socket of a namespace on this connection (created on first use). */
  socket(nsp: string, options?: Partial<SocketOptions>): Socket {
    if (nsp[0] !== '/' || nsp.includes(',')) throw new TypeError(VERBOSE ? `namespace "${nsp}" must start with "/" and have no ","` : nsp);
    let socket = this.#sockets.get(nsp);
    if (!socket) this.#sockets.set(nsp, (socket = new Socket(this, nsp, options)));
    // As in socket.io-client, a Manager with autoConnect connects the sockets it hands out.
    if (this.opts.autoConnect && !socket.active) socket.connect();
    return socket;
  }

  /** Opens the connection (a no-op while open or opening). */
  open(callback?: (error?: EngineError) => void): this {
    if (this.engine) return this;
    this.#skipReconnect = false;
    const engine = new EngineSocket(this.uri, this.opts);
    this.engine = engine;
    engine.on('open', () => {
      this.#engineOpen = true;
      this.emitReserved('open');
      for (const socket of [...this.#sockets.values()]) socket.onOpen();
      callback?.();
    });
    engine.on('error', (error) => {
      this.emitReserved('error', error);
      if (this.#engineOpen) return; // a transport error of the open connection: its close follows
      this.engine = undefined;
      for (const socket of [...this.#sockets.values()]) if (socket.active) socket.onError(error);
      if (callback) callback(error);
      else this.#reconnect();
    });
    engine.on('message', (data) => {
      let packet: Packet | null | void;
      try {
        packet = this.#decoder.add(data);
      } catch (error) {
        // Report first: #onClose detaches from the engine, whose own close would say 'forced close'.
        this.#onClose('parse error', error);
        engine.close();
        return;
      }
      if (packet) this.#route(packet);
    });
    engine.on('ping', () => this.emitReserved('ping'));
    engine.on('close', (reason, description) => this.#onClose(reason, description));
    engine.open();
    return this;
  }

  connect(callback?: (error?: EngineError) => void): this {
    return this.open(callback);
  }

  write(packet: Packet & { options?: { compress: boolean } }): void {
    const engine = this.engine;
    if (!engine) return;
    for (const part of this.#encoder.encode(packet)) engine.send(part as string, packet.options);
  }

  /** A socket left: close the connection when no socket wants it any more. */
  release(_socket: Socket): void {
    for (const socket of this.#sockets.values()) if (socket.active) return;
    this.disconnect();
  }

  /** Closes the connection and stops reconnecting. */
  disconnect(): void {
    this.#skipReconnect = true;
    // Stop reconnecting.
    if (this.#reconnectTimer !== undefined) this.clock.clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#reconnectingNow = false;
    this.#attempts = 0;
    const engine = this.engine;
    if (!engine) return;
    this.#onClose('io client disconnect');
    engine.close();
  }

  close(): void {
    this.disconnect();
  }

  #route(packet: Packet): void {
    this.emitReserved('packet', packet);
    this.#sockets.get(packet.nsp)?.onPacket(packet);
  }

  #onClose(reason: EngineCloseReason | 'io client disconnect', description?: unknown): void {
    const engine = this.engine;
    if (!engine) return;
    if (LOGS) managerLog('connection closed: %s', reason);
    engine.off();
    this.engine = undefined;
    this.#engineOpen = false;
    this.#decoder.destroy();
    this.emitReserved('close', reason, description);
    const socketReason = reason === 'forced close' ? 'io client disconnect' : reason;
    for (const socket of [...this.#sockets.values()]) socket.onClose(socketReason, description);
    this.#reconnect(); // unless disabled or disconnect() was called
  }

  #reconnect(): void {
    if (this.#reconnectingNow || this.#skipReconnect || !this.opts.reconnection) return;
    if (this.#attempts >= this.opts.reconnectionAttempts) {
      if (LOGS) managerLog('reconnection failed: %d attempts', this.#attempts);
      this.#attempts = 0;
      this.emitReserved('reconnect_failed');
      return;
    }
    const delay = backoff(this.#attempts, { min: this.opts.reconnectionDelay, max: this.opts.reconnectionDelayMax, jitter: this.opts.randomizationFactor }, this.opts.random);
    this.#attempts++;
    if (LOGS) managerLog('reconnect attempt %d in %d ms', this.#attempts, delay);
    this.#reconnectingNow = true;
    const timer = (this.#reconnectTimer = this.clock.setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#skipReconnect) return;
      if (this.engine) {
        // Opened meanwhile (an explicit open()): this attempt has nothing left to do.
        this.#reconnectingNow = false;
        this.#attempts = 0;
        return;
      }
      this.emitReserved('reconnect_attempt', this.#attempts);
      if (this.#skipReconnect) return; // a listener called disconnect()
      this.open((error) => {
        this.#reconnectingNow = false;
        if (error) {
          if (LOGS) managerLog('reconnect attempt %d failed: %s', this.#attempts, error.message);
          this.emitReserved('reconnect_error', error);
          this.#reconnect();
          return;
        }
        const attempt = this.#attempts;
        if (LOGS) managerLog('reconnected on attempt %d', attempt);
        this.#attempts = 0;
        this.emitReserved('reconnect', attempt);
      });
    }, delay));
    unrefTimer(timer, this.opts); // autoUnref; a local, so that the browser's empty call leaves nothing in the bundle
  }
}

// Methods, not getters: `manager.reconnection(false)` is socket.io-client's call. Made from the option
// names so each name is in the bundle once.
for (const name of [...Object.keys(RECONNECTION), 'timeout'] as Settable[]) {
  (Manager.prototype as unknown as Record<string, unknown>)[name] = function (this: Manager, value?: never) {
    return value === undefined ? this.opts[name] : (((this.opts as Record<Settable, unknown>)[name] = value), this);
  };
}
