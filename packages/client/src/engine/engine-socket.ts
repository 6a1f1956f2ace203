// EngineSocket: the client end of one Engine.IO 4 connection — handshake, heartbeat, write queue, upgrade.
import { Emitter, type EnginePacket, type HandshakeData, type NoEvents, type TimerHandle } from '@rtio/protocol';
import { EngineError, type EngineCloseReason } from './engine-error.js';
import { defaultEngineOptions, type EngineSocketOptions, type TransportName } from './engine-options.js';
import type { Transport, TransportHooks } from './transport.js';
import { createPolling } from './transports/polling.js';
import { createWebSocket } from './transports/websocket.js';
import { startUpgrade } from './upgrade.js';

export { EngineError, type ConnectErrorKind, type EngineCloseReason } from './engine-error.js';

type ReadyState = 'opening' | 'open' | 'closed';

export interface EngineSocketEvents {
  /** Handshake done. */
  open: () => void;
  /** Each `message` packet's data, in order (binary per binaryType). */
  message: (data: string | ArrayBuffer | Uint8Array) => void;
  /** Exactly once per opened socket (and after close() during opening); a failed open emits only `error`. */
  close: (reason: EngineCloseReason, description?: unknown) => void;
  /** The open failed (after trying transports per tryAllTransports). */
  error: (error: EngineError) => void;
  upgrading: (transport: TransportName) => void;
  upgrade: (transport: TransportName) => void;
  /** A server ping arrived. */
  ping: () => void;
}

/** Set once a websocket carried a session in this process/page (rememberUpgrade). */
let priorWebsocketSuccess = false;

/** Rough byte size of a packet in a polling payload (binary as base64), for maxPayload. */
function packetSize(packet: EnginePacket): number {
  const data = packet.data;
  if (data === undefined) return 2;
  if (typeof data === 'string') return data.length * 3 + 2; // utf-8 worst case
  const bytes = (data as ArrayBuffer).byteLength ?? (data as Blob).size;
  return Math.ceil(bytes / 3) * 4 + 2;
}

function parseHandshake(data: unknown): HandshakeData | undefined {
  try {
    const h = JSON.parse(data as string) as HandshakeData;
    if (typeof h.sid === 'string' && h.pingInterval > 0 && h.pingTimeout > 0 && Array.isArray(h.upgrades)) return h;
  } catch {
    // reported below
  }
  return undefined;
}

/**
 * One Engine.IO connection. `send()` queues; the queue is flushed once per tick.
 * @example
 * const engine = new EngineSocket('http://localhost:3000', { transports: ['websocket'] });
 * engine.on('open', () => engine.send('hello'));
 * engine.on('message', (data) => console.log(data));
 * engine.open();
 */
export class EngineSocket extends Emitter<NoEvents, EngineSocketEvents> {
  #o: EngineSocketOptions;
  #state: ReadyState = 'closed';
  #t: Transport | undefined;
  #sid: string | undefined;
  #handshake: HandshakeData | undefined;
  #buffer: EnginePacket[] = [];
  #scheduled = false;
  #tries: TransportName[] = [];
  #timer: TimerHandle | undefined;
  #deadline = Infinity;
  #cancelUpgrade: (() => void) | undefined;
  #hooks: TransportHooks = {
    onPacket: (packet) => this.#onPacket(packet),
    onClose: (reason, error) => (this.#state === 'opening' ? this.#openFailed(error) : this.#onClose(reason, error)),
    onDrain: () => this.#flush(),
    onOpen() {},
  };

  /** `url`: 'http(s)://host:port' without path; ws(s) is derived from it. */
  #url: string;

  constructor(url: string, options: Partial<EngineSocketOptions> = {}) {
    super();
    this.#url = url;
    this.#o = { ...defaultEngineOptions(), ...options };
  }

  get id(): string | undefined {
    return this.#sid;
  }
  get transportName(): TransportName | undefined {
    return this.#t?.name;
  }
  get readyState(): ReadyState {
    return this.#state;
  }
  /** Whether a message sent now goes out without waiting (for volatile emits). */
  get writable(): boolean {
    return this.#state === 'open' && !!this.#t?.writable;
  }

  /** Starts the handshake; ignored unless closed. */
  open(): void {
    if (this.#state !== 'closed') return;
    const { transports, rememberUpgrade } = this.#o;
    const remembered = rememberUpgrade && priorWebsocketSuccess && transports.includes('websocket');
    this.#tries = remembered ? ['websocket', ...transports.filter((n) => n !== 'websocket')] : [...transports];
    this.#state = 'opening';
    this.#tryNext();
  }

  /** Queues one message, flushed at the end of this tick; ignored once closed. */
  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void {
    if (this.#state === 'closed') return;
    this.#buffer.push({ type: 'message', data: data as string });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  /** Client-initiated close ('forced close'): what is queued is still sent, then a `1` packet. */
  close(): void {
    if (this.#state === 'open') this.#onClose('forced close', undefined, [...this.#buffer, { type: 'close' }]);
    else if (this.#state === 'opening') this.#onClose('forced close');
  }

  #tryNext(): void {
    const name = this.#tries.shift() as TransportName;
    const t = (this.#t = (name === 'polling' ? createPolling : createWebSocket)(this.#url, this.#o, this.#hooks));
    this.#arm(this.#o.timeout, () => this.#openFailed(new EngineError(`${name} handshake timed out`, 'timeout', name)));
    t.open();
  }

  #openFailed(error: unknown): void {
    const t = this.#t as Transport;
    t.close();
    this.#disarm();
    if (t.name === 'websocket') priorWebsocketSuccess = false;
    if (this.#o.tryAllTransports && this.#tries.length > 0) return this.#tryNext();
    this.#state = 'closed';
    this.#t = undefined;
    const reported = error instanceof EngineError ? error : new EngineError(`invalid handshake: ${(error as Error)?.message ?? error}`, 'protocol', t.name, undefined, undefined, error);
    this.emitReserved('error', reported);
  }

  #onPacket(packet: EnginePacket): void {
    if (this.#state === 'opening') return this.#onHandshake(packet);
    if (this.#state !== 'open') return;
    if (packet.type === 'ping') {
      this.#resetHeartbeat();
      this.#buffer.push({ type: 'pong' });
      this.#flush();
      this.emitReserved('ping');
    } else if (packet.type === 'message') this.emitReserved('message', packet.data as string);
    else if (packet.type === 'close') this.#onClose('transport close', 'close packet');
  }

  #onHandshake(packet: EnginePacket): void {
    const t = this.#t as Transport;
    const handshake = packet.type === 'open' ? parseHandshake(packet.data) : undefined;
    if (!handshake) return this.#openFailed(new EngineError(`expected an open packet, got "${packet.type}"`, 'protocol', t.name));
    this.#handshake = handshake;
    this.#sid = t.sid = handshake.sid;
    this.#state = 'open';
    if (t.name === 'websocket') priorWebsocketSuccess = true;
    this.#resetHeartbeat();
    this.emitReserved('open');
    if (this.#state !== 'open') return;
    if (this.#o.upgrade && t.name === 'polling' && handshake.upgrades.includes('websocket') && this.#o.transports.includes('websocket')) {
      this.#probe();
    }
    this.#flush();
  }

  #probe(): void {
    const probe = createWebSocket(this.#url, this.#o, this.#hooks); // startUpgrade installs its own hooks
    probe.sid = this.#sid;
    this.#cancelUpgrade = startUpgrade(probe, this.#t as Transport, {
      upgrading: () => this.emitReserved('upgrading', 'websocket'),
      upgraded: (next) => {
        this.#cancelUpgrade = undefined;
        this.#t?.close();
        this.#t = next;
        next.hooks = this.#hooks;
        priorWebsocketSuccess = true;
        this.emitReserved('upgrade', 'websocket');
        this.#flush();
      },
      failed: () => {
        this.#cancelUpgrade = undefined;
        priorWebsocketSuccess = false;
      },
    });
  }

  /** Hands queued packets to the transport when it can take them (polling: under maxPayload per POST). */
  #flush(): void {
    const t = this.#t;
    if (this.#state !== 'open' || !t?.writable || this.#buffer.length === 0) return;
    // Timers may be throttled (background tabs): a deadline already past means the server is gone.
    if (this.#o.clock.now() > this.#deadline) return this.#onClose('ping timeout');
    let count = this.#buffer.length;
    if (t.name === 'polling') {
      const max = (this.#handshake as HandshakeData).maxPayload;
      let size = 0;
      count = 0;
      for (const packet of this.#buffer) {
        size += packetSize(packet);
        if (count > 0 && size > max) break;
        count++;
      }
    }
    t.send(this.#buffer.splice(0, count));
  }

  /** Heartbeat: the server must ping within pingInterval + pingTimeout. */
  #resetHeartbeat(): void {
    const { pingInterval, pingTimeout } = this.#handshake as HandshakeData;
    this.#deadline = this.#o.clock.now() + pingInterval + pingTimeout;
    this.#arm(pingInterval + pingTimeout, () => this.#onClose('ping timeout'));
  }

  #arm(ms: number, callback: () => void): void {
    this.#disarm();
    this.#timer = this.#o.clock.setTimeout(callback, ms);
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The one place an open (or opening) socket ends: timers, probe, transport released; `close` once. */
  #onClose(reason: EngineCloseReason, description?: unknown, final?: EnginePacket[]): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#disarm();
    this.#deadline = Infinity;
    this.#buffer = [];
    this.#t?.close(final);
    this.#cancelUpgrade?.();
    this.emitReserved('close', reason, description);
  }
}
