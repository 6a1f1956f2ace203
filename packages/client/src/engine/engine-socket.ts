// EngineSocket: the client end of one Engine.IO 4 connection — handshake, heartbeat, write queue, upgrade.
import { Emitter, VERBOSE, type EnginePacket, type HandshakeData, type NoEvents, type TimerHandle } from '@rtio/protocol';
import { EngineError, type EngineCloseReason } from './engine-error.js';
import { defaultEngineOptions, type EngineSocketOptions, type TransportName } from './engine-options.js';
import type { Transport, TransportHooks } from './transport.js';
import { createPolling } from './transports/polling.js';
import { createWebSocket } from './transports/websocket.js';
import { startUpgrade } from './upgrade.js';
import { LOGS, engineLog } from '../log.js';
import { unrefTimer } from '#auto-unref';

export { EngineError, type ConnectErrorKind, type EngineCloseReason } from './engine-error.js';

type ReadyState = 'opening' | 'open' | 'closed';

export interface EngineSocketEvents {
  /** The server's open packet arrived (before `open`). */
  handshake: (data: HandshakeData) => void;
  /** Handshake done. */
  open: () => void;
  /** Each packet received, before it is handled. */
  packet: (packet: EnginePacket) => void;
  /** Each packet queued for sending (messages and pongs). */
  packetCreate: (packet: EnginePacket) => void;
  /** Each `message` packet's data, in order (binary per binaryType). */
  message: (data: string | ArrayBuffer | Uint8Array) => void;
  /** The transport has written everything queued. */
  drain: () => void;
  /** Exactly once per opened socket (and after close() during opening); a failed open emits only `error`. */
  close: (reason: EngineCloseReason, description?: unknown) => void;
  /** The open failed (after trying transports per tryAllTransports), or a transport error ends the open socket (then `close`). */
  error: (error: EngineError) => void;
  /** The probe succeeded; `transport` (the WebSocket) takes over once the polling transport is paused. */
  upgrading: (transport: Transport) => void;
  /** `transport` now carries the session. */
  upgrade: (transport: Transport) => void;
  /** The probe failed: polling carries on. */
  upgradeError: (error: EngineError) => void;
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
  #handshake: HandshakeData | undefined;
  #buffer: EnginePacket[] = [];
  #scheduled = false;
  #tries!: TransportName[]; // set by open()
  #timer: TimerHandle | undefined;
  /** When the next ping is due at the latest: set by #resetHeartbeat before the socket is open. */
  #deadline!: number;
  #cancelUpgrade: (() => void) | undefined;
  #hooks: TransportHooks = {
    onPacket: (packet) => {
      if (this.#state === 'closed') return;
      this.emitReserved('packet', packet);
      if (this.#state === 'opening') return this.#onHandshake(packet);
      if (packet.type === 'ping') {
        if (LOGS) engineLog('ping');
        this.#resetHeartbeat();
        this.#queue({ type: 'pong' });
        this.#flush(); // at once
        this.emitReserved('ping');
      } else if (packet.type === 'message') this.emitReserved('message', packet.data as string);
      else if (packet.type === 'close') this.#onClose('transport close', 'close packet');
    },
    onClose: (reason, error) => (this.#state === 'opening' ? this.#openFailed(error) : this.#onClose(reason, error)),
    onDrain: () => (this.#buffer.length ? this.#flush() : this.emitReserved('drain')),
  };

  /** `url`: 'http(s)://host:port' without path; ws(s) is derived from it. */
  #url: string;

  constructor(url: string, options: Partial<EngineSocketOptions> = {}) {
    super();
    this.#url = url;
    this.#o = { ...defaultEngineOptions(), ...options };
  }

  get id(): string | undefined {
    return this.#handshake?.sid;
  }
  /** The transport in use (`name`, `writable`, `sid`); `undefined` before the first one opens. */
  get transport(): Transport | undefined {
    return this.#t;
  }
  get readyState(): ReadyState {
    return this.#state;
  }
  /** How received binary is handed over; a change applies to the next packet. */
  get binaryType(): EngineSocketOptions['binaryType'] {
    return this.#o.binaryType;
  }
  set binaryType(type) {
    this.#o.binaryType = type;
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
    if (LOGS) engineLog('opening %s%s, transports %o', this.#url, this.#o.path, [...this.#tries]);
    this.#tryNext();
  }

  /** Queues one message, flushed at the end of this tick; ignored once closed. `compress: false`: no per-message deflate. */
  send(data: string | ArrayBuffer | ArrayBufferView | Blob, options?: EnginePacket['options']): void {
    if (this.#state === 'closed') return;
    this.#queue({ type: 'message', data: data as string, options });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  /** Queues a packet (`packetCreate`): a pong is flushed at once, a message at the end of the tick. */
  #queue(packet: EnginePacket): void {
    this.emitReserved('packetCreate', packet);
    this.#buffer.push(packet);
  }

  /** Client-initiated close ('forced close'): what is queued is still sent, then a `1` packet. */
  close(): void {
    this.#end('forced close');
  }

  #end(reason: EngineCloseReason, description?: string): void {
    this.#onClose(reason, description, this.#state === 'open' ? [...this.#buffer, { type: 'close' }] : undefined);
  }

  /** closeOnBeforeunload's listener (added while open). */
  #unload = (): void => this.#end('transport close', 'beforeunload');

  #tryNext(): void {
    const name = this.#tries.shift() as TransportName;
    if (LOGS) engineLog('trying %s', name);
    const t = (this.#t = this.#create(name));
    this.#setTimer(() => this.#openFailed(new EngineError('timeout', 'timeout', name)), this.#o.timeout);
    t.open();
  }

  /** A transport with `transportOptions[name]` over the options (read through, so binaryType stays live). */
  #create(name: TransportName): Transport {
    const o = this.#o;
    return (name === 'polling' ? createPolling : createWebSocket)(this.#url, Object.assign(Object.create(o), o.transportOptions?.[name]), this.#hooks);
  }

  #openFailed(error: unknown): void {
    const t = this.#t as Transport;
    t.close();
    this.#setTimer();
    if (t.name === 'websocket') priorWebsocketSuccess = false;
    if (LOGS) engineLog('%s failed: %s', t.name, (error as Error)?.message ?? error);
    if (this.#o.tryAllTransports && this.#tries.length > 0) return this.#tryNext();
    this.#state = 'closed';
    this.#t = undefined;
    const reported = error instanceof EngineError ? error : new EngineError(VERBOSE ? `invalid handshake: ${(error as Error)?.message ?? error}` : 'handshake', 'protocol', t.name, error);
    this.emitReserved('error', reported);
  }

  #onHandshake(packet: EnginePacket): void {
    const t = this.#t as Transport;
    const handshake = packet.type === 'open' ? parseHandshake(packet.data) : undefined;
    if (!handshake) return this.#openFailed(new EngineError(VERBOSE ? `expected an open packet, got "${packet.type}"` : 'handshake', 'protocol', t.name));
    this.#handshake = handshake;
    t.sid = t.query.sid = handshake.sid;
    this.emitReserved('handshake', handshake);
    if (LOGS) engineLog('handshake over %s: sid %s, ping every %d ms + %d ms timeout, upgrades %o', t.name, handshake.sid, handshake.pingInterval, handshake.pingTimeout, handshake.upgrades);
    this.#state = 'open';
    if (this.#o.closeOnBeforeunload) globalThis.addEventListener?.('beforeunload', this.#unload);
    if (t.name === 'websocket') priorWebsocketSuccess = true;
    this.#resetHeartbeat();
    this.emitReserved('open');
    if (this.#state !== 'open') return;
    if (this.#o.upgrade && t.name === 'polling' && handshake.upgrades.includes('websocket') && this.#o.transports.includes('websocket')) {
      // Probe websocket while polling runs on.
      if (LOGS) engineLog('probing websocket');
      const probe = this.#create('websocket'); // startUpgrade installs its own hooks
      probe.sid = probe.query.sid = handshake.sid;
      // Cancelling an upgrade that has ended (upgraded or failed) does nothing: #onClose may call it.
      this.#cancelUpgrade = startUpgrade(probe, t, {
        upgrading: () => this.emitReserved('upgrading', probe),
        upgraded: (next) => {
          this.#t?.close();
          this.#t = next;
          next.hooks = this.#hooks;
          priorWebsocketSuccess = true;
          if (LOGS) engineLog('upgraded to websocket');
          this.emitReserved('upgrade', next);
          this.#flush();
        },
        failed: (error) => {
          priorWebsocketSuccess = false;
          if (LOGS) engineLog('websocket probe ended, polling carries on: %s', (error as Error)?.message ?? 'cancelled or refused');
          // Not after a close: closing cancels the probe, which is no upgrade error.
          if (this.#state === 'open') this.emitReserved('upgradeError', (error as EngineError) ?? new EngineError('probe error', 'protocol', 'websocket'));
        },
      });
    }
    this.#flush();
  }

  /** Hands queued packets to the transport when it can take them (polling: under maxPayload per POST). */
  #flush(): void {
    const t = this.#t;
    const buffer = this.#buffer;
    if (this.#state !== 'open' || !t?.writable || buffer.length === 0) return;
    // Timers may be throttled (background tabs): a deadline already past means the server is gone.
    if (this.#o.clock.now() > this.#deadline) {
      if (LOGS) engineLog('heartbeat missed: no ping before the deadline (timers were late)');
      return this.#onClose('ping timeout');
    }
    // Polling sends at least one packet per POST, more while under maxPayload; websocket sends them all.
    const max = t.name === 'polling' ? (this.#handshake as HandshakeData).maxPayload : Infinity;
    let size = 0;
    let count = 0;
    for (const packet of buffer) {
      size += packetSize(packet);
      if (count > 0 && size > max) break;
      count++;
    }
    t.send(buffer.splice(0, count));
  }

  /** Heartbeat: the server must ping within pingInterval + pingTimeout. */
  #resetHeartbeat(): void {
    const { pingInterval, pingTimeout } = this.#handshake as HandshakeData;
    const ms = pingInterval + pingTimeout;
    this.#deadline = this.#o.clock.now() + ms;
    this.#setTimer(() => {
      if (LOGS) engineLog('heartbeat missed: no ping within %d ms', ms);
      this.#onClose('ping timeout');
    }, ms);
  }

  /** Clears the one timer (handshake or heartbeat), then sets the new one when given. */
  #setTimer(callback?: () => void, ms?: number): void {
    const options = this.#o;
    const clock = options.clock;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    const timer = (this.#timer = callback && clock.setTimeout(callback, ms as number));
    unrefTimer(timer, options); // autoUnref; locals, so that the browser's empty call leaves nothing in the bundle
  }

  /** The one place an open (or opening) socket ends: timers, probe, transport released; `close` once. */
  #onClose(reason: EngineCloseReason, description?: unknown, final?: EnginePacket[]): void {
    if (this.#state === 'closed') return;
    if (LOGS) engineLog('closed: %s%s', reason, description === undefined ? '' : ` (${(description as Error).message ?? description})`);
    this.#state = 'closed';
    globalThis.removeEventListener?.('beforeunload', this.#unload);
    this.#setTimer();
    this.#buffer = [];
    this.#t?.close(final);
    this.#cancelUpgrade?.();
    // As engine.io-client: a transport error is an `error`, then the close.
    if (reason === 'transport error') this.emitReserved('error', description as EngineError);
    this.emitReserved('close', reason, description);
  }
}
