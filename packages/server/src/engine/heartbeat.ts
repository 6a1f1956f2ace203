// The server-side heartbeat (Engine.IO v4): ping every pingInterval, expect a pong within pingTimeout.
import type { Clock, TimerHandle } from '@rtio/protocol';

/**
 * idle → (start) → resting → (interval elapses: ping) → awaiting-pong → (pong) → resting …
 * awaiting-pong → (timeout) → stopped; any state → (stop) → stopped.
 */
export type HeartbeatState = 'idle' | 'resting' | 'awaiting-pong' | 'stopped';

/** The timing, shared by every session of a server (the engine options object has these). */
export interface HeartbeatOptions {
  clock: Clock;
  pingInterval: number;
  pingTimeout: number;
}

/** The session a heartbeat belongs to (an interface, not callbacks: nothing extra per session). */
export interface HeartbeatPeer {
  /** Sends a `2` to the peer. */
  heartbeatPing(): void;
  /** No pong came in time; the heartbeat has stopped. */
  heartbeatTimeout(): void;
}

/**
 * One timer at a time, always on the injected clock.
 * @example
 * const heartbeat = new Heartbeat({ clock, pingInterval: 25000, pingTimeout: 20000 }, session);
 * heartbeat.start();       // pings after 25 s
 * heartbeat.onPong();      // call on every `3`
 * heartbeat.stop();        // on close: no timer left
 */
export class Heartbeat {
  private current: HeartbeatState = 'idle';
  private timer: TimerHandle | undefined;

  constructor(
    private readonly options: HeartbeatOptions,
    private readonly peer: HeartbeatPeer,
  ) {}

  get state(): HeartbeatState {
    return this.current;
  }

  start(): void {
    if (this.current !== 'idle') return;
    this.enter('resting');
  }

  /** A pong arrived. Returns false when none was expected (ignored). */
  onPong(): boolean {
    if (this.current !== 'awaiting-pong') return false;
    this.enter('resting');
    return true;
  }

  stop(): void {
    this.enter('stopped');
  }

  /** The one setter: clears the old timer and arms the one the new state needs. */
  private enter(next: HeartbeatState): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.current = next;
    if (next === 'resting') this.timer = this.options.clock.setTimeout(() => this.onIntervalElapsed(), this.options.pingInterval);
    else if (next === 'awaiting-pong') this.timer = this.options.clock.setTimeout(() => this.onPongMissing(), this.options.pingTimeout);
  }

  private onIntervalElapsed(): void {
    this.timer = undefined;
    this.enter('awaiting-pong');
    this.peer.heartbeatPing();
  }

  private onPongMissing(): void {
    this.timer = undefined;
    this.enter('stopped');
    this.peer.heartbeatTimeout();
  }
}
