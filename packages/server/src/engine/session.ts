// EngineSession: one Engine.IO connection — its write buffer, heartbeat, transport and upgrade.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeEmitter, type EnginePacket, type HandshakeData, type NoEvents, type TimerHandle } from '@rtio/protocol';
import type { EngineOptions, TransportName } from './engine-options.js';
import { engineError, writeJsonError, EngineErrorCode } from './engine-errors.js';
import { ClientPingWatch } from './client-ping-watch.js';
import { Heartbeat, type HeartbeatPeer } from './heartbeat.js';
import { describeDetail, engineLog as log } from './log.js';
import type { EngineProtocol } from './request-check.js';
import type { EngineCloseReason, EngineReadyState, EngineSessionEvents } from './session-events.js';
import type { Transport, TransportFailure, TransportHandler } from './transport.js';
import { PollingTransport } from './transports/polling.js';
import { UpgradeProbe } from './upgrade.js';
import { asBuffer, packetSize } from './wire.js';
import { flushThisTick } from './tick-flush.js';
import type { OutgoingPacket } from './ws-frame.js';

export type { EngineCloseReason, EngineReadyState, EngineSessionEvents } from './session-events.js';

/**
 * The layer above a session (the socket layer's connection), told of messages and the close
 * before the `message` and `close` listeners: a field, not two listeners per session.
 */
export interface SessionOwner {
  sessionMessage(data: string | Buffer): void;
  sessionClose(reason: EngineCloseReason, description?: unknown): void;
}

/** While upgrading, a GET held this long without data is answered with a noop. */
export const UPGRADE_NOOP_DELAY_MS = 100;

/**
 * The server end of one Engine.IO connection. `send()` queues; the queue is flushed once per
 * tick, so the sends of one tick share one polling response or one corked WebSocket write.
 * @example
 * engine.on('connection', (session) => {
 *   session.on('message', (data) => session.send(data)); // echo
 *   session.on('close', (reason) => console.log(reason));
 * });
 */
export class EngineSession extends NodeEmitter<NoEvents, EngineSessionEvents> implements TransportHandler, HeartbeatPeer {
  private state: EngineReadyState = 'opening';
  private current: Transport;
  private hasUpgraded = false;
  private writeBuffer: EnginePacket[] = [];
  private bufferedBytes = 0;
  private flushScheduled = false;
  private probe: UpgradeProbe | undefined;
  private noopTimer: TimerHandle | undefined;
  private readonly heartbeat: Heartbeat | ClientPingWatch;
  /** @internal Set once by the socket layer. */
  owner: SessionOwner | undefined = undefined;
  /**
   * The handshake request, with whatever `engine.use()` middlewares put on it (`req.session`,
   * `req.user`): Socket.IO's `socket.request`. Its body is long read; what it holds is the headers
   * and the parsed url, and the socket it came on.
   */
  readonly request: IncomingMessage;
  /** The client's IP address at handshake time (a polling request's socket closes soon). */
  private readonly address: string;

  constructor(
    readonly id: string,
    /** The handshake request. */
    request: IncomingMessage,
    transport: Transport,
    private readonly options: EngineOptions,
    /** Told once, after `close` is emitted (the server forgets the session here). */
    private readonly onClosed?: (session: EngineSession) => void,
    /** The Engine.IO protocol the client speaks (3 with `allowEIO3`: the client pings). */
    readonly protocol: EngineProtocol = 4,
  ) {
    super();
    this.request = request;
    this.address = request.socket?.remoteAddress ?? '';
    this.current = transport;
    this.attach(transport);
    this.heartbeat = protocol === 3 ? new ClientPingWatch(options, this) : new Heartbeat(options, this);
  }

  /** The client's IP address at handshake time ('' when the request is gone, see createHandshake). */
  get remoteAddress(): string {
    return this.address;
  }

  /** The transport in use (`name`, `writable`); the `upgrade` event hands over the next one. */
  get transport(): Transport {
    return this.current;
  }

  get transportName(): TransportName {
    return this.current.name;
  }

  get readyState(): EngineReadyState {
    return this.state;
  }

  /** The transport can take data now (volatile packets are dropped otherwise). */
  get writable(): boolean {
    return this.state === 'open' && this.current.writable;
  }

  /**
   * Writable with nothing waiting: no packet queued this tick, nothing unsent on the socket. A
   * volatile packet goes only then, as in Socket.IO (an emit just before it makes it wait).
   */
  get idle(): boolean {
    return this.writable && this.writeBuffer.length === 0 && this.current.bufferedAmount === 0;
  }

  /** A WebSocket probe is under way. */
  get upgrading(): boolean {
    return this.probe !== undefined;
  }

  get upgraded(): boolean {
    return this.hasUpgraded;
  }

  /** Queues one message; flushed at the end of the current tick. Ignored once closing. */
  send(data: string | Buffer | ArrayBuffer | ArrayBufferView, options: { compress?: boolean } = {}): void {
    if (typeof data !== 'string' && !(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) {
      throw new TypeError(`EngineSession.send() takes a string, Buffer, ArrayBuffer or view, got ${typeof data}`);
    }
    const payload = typeof data === 'string' ? data : asBuffer(data);
    this.sendPacket({ type: 'message', data: payload, options: { compress: options.compress ?? true } });
  }

  /** Engine.IO's other name for send(). */
  write(data: string | Buffer | ArrayBuffer | ArrayBufferView, options: { compress?: boolean } = {}): void {
    this.send(data, options);
  }

  /**
   * Queues ready-made packets (a broadcast hands the same objects to every recipient; they are
   * never changed). Ignored once closing.
   */
  sendPackets(packets: readonly OutgoingPacket[]): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    for (const packet of packets) this.enqueue(packet);
    if (this.overLimit()) return;
    this.scheduleFlush();
  }

  /** @internal Runs the flush scheduled by scheduleFlush(). */
  flushQueued(): void {
    this.flushScheduled = false;
    this.flush();
  }

  /**
   * Server-side close ('forced close'). Polling delivers what is queued plus a `1` with the next
   * GET (waiting a short time for it); WebSocket sends it and closes the socket. With
   * `immediate`, the transport is released at once (used by EngineServer.close()), even if a
   * graceful close is under way.
   */
  close(immediate = false): void {
    if (this.state === 'closed') return;
    if (immediate) {
      this.onClose('forced close'); // also cuts short a graceful close still waiting for its GET
      return;
    }
    if (this.state === 'closing') return;
    this.state = 'closing';
    this.stopTimers();
    const finalPackets = this.takeBuffer();
    this.current.close(finalPackets, () => this.onClose('forced close'));
  }

  /** @internal Sends the open packet and starts the heartbeat. Called once by the server. */
  open(): void {
    if (this.state !== 'opening') return;
    this.state = 'open';
    this.sendPacket({ type: 'open', data: JSON.stringify(this.handshakeData()) });
    this.heartbeat.start();
  }

  /** @internal One HTTP request for this session's polling transport. */
  handlePollingRequest(req: IncomingMessage, res: ServerResponse): void {
    if (!(this.current instanceof PollingTransport)) {
      writeJsonError(res, engineError(EngineErrorCode.BAD_REQUEST, { name: 'TRANSPORT_MISMATCH' }));
      return;
    }
    this.current.handleRequest(req, res);
  }

  /** @internal Whether a WebSocket upgrade may start now. */
  canUpgrade(): boolean {
    return (
      this.state === 'open' &&
      this.current.name === 'polling' &&
      this.probe === undefined &&
      this.options.allowUpgrades &&
      this.options.transports.includes('websocket')
    );
  }

  /** @internal Starts probing `transport`; refused (and destroyed) when canUpgrade() is false. */
  upgrade(transport: Transport): void {
    if (!this.canUpgrade()) {
      transport.destroy();
      return;
    }
    this.probe = new UpgradeProbe(transport, this.options, {
      probed: () => this.onProbed(transport),
      upgraded: (next) => this.onUpgraded(next),
      aborted: () => this.onUpgradeEnded(),
    }, this.id);
  }

  private handshakeData(): HandshakeData {
    const upgradable = this.current.name === 'polling' && this.options.allowUpgrades && this.options.transports.includes('websocket');
    return {
      sid: this.id,
      upgrades: upgradable ? ['websocket'] : [],
      pingInterval: this.options.pingInterval,
      pingTimeout: this.options.pingTimeout,
      maxPayload: this.options.maxHttpBufferSize,
    };
  }

  private attach(transport: Transport): void {
    transport.handler = this;
  }

  /** @internal */
  heartbeatPing(): void {
    this.sendPacket({ type: 'ping' });
  }

  /** @internal */
  heartbeatTimeout(): void {
    const silence = this.protocol === 3 ? `no ping within ${this.options.pingInterval + this.options.pingTimeout} ms` : `no pong within ${this.options.pingTimeout} ms`;
    this.onClose('ping timeout', silence);
  }

  /** @internal */
  transportError(reason: TransportFailure, description: Error): void {
    this.onClose(reason, description);
  }

  /** @internal */
  transportClose(description?: unknown): void {
    this.onClose('transport close', description);
  }

  /** @internal */
  transportPacket(packet: EnginePacket): void {
    if (this.state !== 'open') return;
    if (this.hasListeners('packet')) this.emitReserved('packet', packet);
    switch (packet.type) {
      case 'pong':
        if (this.heartbeat instanceof ClientPingWatch) break; // a pong from an Engine.IO 3 client: out of place
        this.heartbeat.onPong();
        this.emitReserved('heartbeat');
        return;
      case 'message':
        this.owner?.sessionMessage(packet.data as string | Buffer);
        if (this.hasListeners('data')) this.emitReserved('data', packet.data as string | Buffer);
        if (this.hasListeners('message')) this.emitReserved('message', packet.data as string | Buffer);
        return;
      case 'close':
        this.onClose('transport close', 'the client sent a close packet');
        return;
      case 'ping':
        if (this.heartbeat instanceof ClientPingWatch) {
          this.heartbeat.onPing();
          this.sendPacket({ type: 'pong' });
          this.emitReserved('heartbeat');
          return;
        }
        // Engine.IO 4's server pings; a client that pings speaks v3 or is not a client (Engine.IO closes too).
        this.onClose('transport error', new Error('invalid heartbeat direction'));
        return;
      default:
        return; // open, upgrade and noop mean nothing on the current transport (Engine.IO ignores them too)
    }
  }

  private sendPacket(packet: EnginePacket): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.enqueue(packet);
    if (this.overLimit()) return;
    this.scheduleFlush();
  }

  private enqueue(packet: EnginePacket): void {
    if (this.hasListeners('packetCreate')) this.emitReserved('packetCreate', packet);
    this.writeBuffer.push(packet);
    this.bufferedBytes += packetSize(packet);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    flushThisTick(this);
  }

  /** Hands the whole buffer to the transport when it can take it. */
  private flush(): void {
    if (this.state === 'closed' || this.writeBuffer.length === 0 || !this.current.writable) return;
    if (this.hasListeners('flush')) this.emitReserved('flush', this.writeBuffer);
    this.current.send(this.takeBuffer());
    if (this.overLimit()) return;
    this.emitReserved('drain');
  }

  private takeBuffer(): EnginePacket[] {
    const packets = this.writeBuffer;
    this.writeBuffer = [];
    this.bufferedBytes = 0;
    return packets;
  }

  /**
   * Closes with 'backpressure' when unsent data passes maxBufferedBytes: the WebSocket's
   * bufferedAmount, plus the queue while the transport cannot take it (no GET held).
   */
  private overLimit(): boolean {
    const queued = (this.current.writable ? 0 : this.bufferedBytes) + this.current.bufferedAmount;
    if (queued <= this.options.maxBufferedBytes) return false;
    const description = new Error(
      `${queued} bytes waiting for a slow ${this.current.name} client exceed maxBufferedBytes (${this.options.maxBufferedBytes})`,
    );
    this.onClose('backpressure', description);
    return true;
  }

  /** @internal */
  transportDrain(): void {
    this.flush();
    if (this.probe?.probed !== true || !this.current.writable) return;
    // Upgrading: a GET that finds nothing to send is answered with a noop soon, so the client can pause.
    this.clearNoopTimer();
    this.noopTimer = this.options.clock.setTimeout(() => this.releasePoll(), UPGRADE_NOOP_DELAY_MS);
  }

  private onProbed(transport: Transport): void {
    this.emitReserved('upgrading', transport);
    this.releasePoll();
  }

  private releasePoll(): void {
    this.clearNoopTimer();
    if (this.state !== 'open' || !(this.current instanceof PollingTransport) || !this.current.writable) return;
    if (this.writeBuffer.length > 0) this.flush();
    else this.current.releasePoll();
  }

  private onUpgraded(next: Transport): void {
    this.onUpgradeEnded();
    const previous = this.current;
    previous.handler = undefined;
    previous.discard();
    this.current = next;
    this.hasUpgraded = true;
    this.attach(next);
    this.flush();
    this.emitReserved('upgrade', next);
  }

  private onUpgradeEnded(): void {
    this.probe = undefined;
    this.clearNoopTimer();
  }

  private clearNoopTimer(): void {
    if (this.noopTimer !== undefined) this.options.clock.clearTimeout(this.noopTimer);
    this.noopTimer = undefined;
  }

  private stopTimers(): void {
    this.heartbeat.stop();
    this.clearNoopTimer();
    const probe = this.probe;
    this.probe = undefined;
    probe?.cancel('the session is closing');
  }

  /** The one place a session ends: timers cleared, transport released, `close` emitted once. */
  private onClose(reason: EngineCloseReason, description?: unknown): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (log.enabled) log('session %s closed: %s (%s)', this.id, reason, describeDetail(description) || 'no detail');
    this.stopTimers();
    this.takeBuffer();
    this.current.handler = undefined;
    this.current.destroy(reason === 'backpressure');
    try {
      this.owner?.sessionClose(reason, description);
      this.emitReserved('close', reason, description);
    } finally {
      this.onClosed?.(this);
    }
  }
}
