// One connection (engine socket) shared by the namespaces of an origin: decoding, routing,
// and the reconnection loop with capped, jittered backoff on an injectable clock.
import { DEFAULT_LIMITS, Emitter, PacketDecoder, ProtocolError, serializePacket, type Packet, type TimerHandle } from '@rtio/protocol';
import { backoff } from './backoff.js';
import { parseUrl } from './url.js';
import { EngineSocket, defaultEngineOptions, type EngineCloseReason, type EngineError } from './engine/index.js';
import type { ManagerEvents } from './manager-events.js';
import type { ManagerOptions, SocketOptions } from './options.js';

export type { ManagerEvents };
import { Socket, type SocketManager } from './socket.js';


function defaults(options: Partial<ManagerOptions>): ManagerOptions {
  return {
    ...defaultEngineOptions(),
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    autoConnect: true,
    random: Math.random,
    ...options,
    path: (options.path ?? '/rt/').replace(/\/?$/, '/'),
  };
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
  readonly #sockets = new Map<string, Socket>();
  readonly #decoder = new PacketDecoder();
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
    this.opts = defaults({ ...options, query: { ...query, ...options.query } });
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
    if (nsp[0] !== '/' || nsp.includes(',')) throw new TypeError(`namespace "${nsp}" must start with "/" and have no ","`);
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
      for (const socket of this.#socketList()) socket.onOpen();
      callback?.();
    });
    engine.on('error', (error) => {
      this.engine = undefined;
      this.emitReserved('error', error);
      for (const socket of this.#socketList()) if (socket.active) socket.onError(error);
      if (callback) callback(error);
      else this.#reconnect();
    });
    engine.on('message', (data) => {
      let packet: Packet | null;
      try {
        packet = this.#decoder.add(data);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        // Report first: #onClose detaches from the engine, whose own close would say 'forced close'.
        this.#onClose('parse error', error);
        engine.close();
        return;
      }
      if (packet) this.#sockets.get(packet.nsp)?.onPacket(packet);
    });
    engine.on('ping', () => this.emitReserved('ping'));
    engine.on('close', (reason, description) => this.#onClose(reason, description));
    engine.open();
    return this;
  }

  connect(callback?: (error?: EngineError) => void): this {
    return this.open(callback);
  }

  write(packet: Packet): void {
    const engine = this.engine;
    if (!engine) return;
    // Sockets build only well-formed packets (names and namespaces are checked where they come in).
    for (const part of serializePacket(packet, DEFAULT_LIMITS)) engine.send(part);
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

  /** A copy: a listener may add or remove sockets meanwhile. */
  #socketList(): Socket[] {
    return [...this.#sockets.values()];
  }

  #onClose(reason: EngineCloseReason | 'io client disconnect', description?: unknown): void {
    const engine = this.engine;
    if (!engine) return;
    engine.off();
    this.engine = undefined;
    this.#engineOpen = false;
    this.#decoder.reset();
    this.emitReserved('close', reason, description);
    const socketReason = reason === 'forced close' ? 'io client disconnect' : reason;
    for (const socket of this.#socketList()) socket.onClose(socketReason, description);
    this.#reconnect(); // unless disabled or disconnect() was called
  }

  #reconnect(): void {
    if (this.#reconnectingNow || this.#skipReconnect || !this.opts.reconnection) return;
    if (this.#attempts >= this.opts.reconnectionAttempts) {
      this.#attempts = 0;
      this.emitReserved('reconnect_failed');
      return;
    }
    const delay = backoff(this.#attempts, { min: this.opts.reconnectionDelay, max: this.opts.reconnectionDelayMax, jitter: this.opts.randomizationFactor }, this.opts.random);
    this.#attempts++;
    this.#reconnectingNow = true;
    this.#reconnectTimer = this.clock.setTimeout(() => {
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
          this.emitReserved('reconnect_error', error);
          this.#reconnect();
          return;
        }
        const attempt = this.#attempts;
        this.#attempts = 0;
        this.emitReserved('reconnect', attempt);
      });
    }, delay);
  }
}
