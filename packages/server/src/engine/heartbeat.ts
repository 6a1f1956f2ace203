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
 * Heartbeats waiting in one state. Every wait in a queue has the same length, so deadlines come
 * in the order they were set: a FIFO whose head is always the earliest, and one timer for the
 * whole queue instead of one per session. A heartbeat that leaves the state early leaves its
 * entry behind; entries are checked against the heartbeat's current deadline when they come up.
 */
class DeadlineQueue {
  private heartbeats: Heartbeat[] = [];
  private deadlines: number[] = [];
  private head = 0;
  private timer: TimerHandle | undefined;
  /** Heartbeats in this queue's state now (stale entries excluded). */
  private waiting = 0;

  constructor(
    private readonly clock: Clock,
    private readonly delay: number,
    private readonly state: HeartbeatState,
  ) {}

  /** Queues `heartbeat`, due `delay` from now; returns the deadline. */
  add(heartbeat: Heartbeat): number {
    const deadline = this.clock.now() + this.delay;
    this.heartbeats.push(heartbeat);
    this.deadlines.push(deadline);
    this.waiting++;
    if (this.timer === undefined) this.arm(deadline);
    return deadline;
  }

  /** A heartbeat left this queue's state before its deadline. */
  left(): void {
    if (--this.waiting > 0) return;
    // Nobody waits: drop the stale entries and the timer (it would keep the process alive).
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.heartbeats = [];
    this.deadlines = [];
    this.head = 0;
  }

  private arm(deadline: number): void {
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, deadline - this.clock.now()));
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.head < this.heartbeats.length && this.deadlines[this.head]! <= now) {
      const heartbeat = this.heartbeats[this.head]!;
      const deadline = this.deadlines[this.head]!;
      this.head++;
      if (heartbeat.state !== this.state || heartbeat.deadline !== deadline) continue; // stale
      this.waiting--;
      heartbeat.expire();
    }
    if (this.head > 1024 && this.head * 2 > this.heartbeats.length) {
      this.heartbeats = this.heartbeats.slice(this.head);
      this.deadlines = this.deadlines.slice(this.head);
      this.head = 0;
    }
    if (this.timer === undefined && this.head < this.heartbeats.length && this.waiting > 0) this.arm(this.deadlines[this.head]!);
  }
}

interface HeartbeatQueues {
  resting: DeadlineQueue;
  awaitingPong: DeadlineQueue;
}

/** One pair of queues per options object, that is per server (and per test clock). */
const queuesByOptions = new WeakMap<HeartbeatOptions, HeartbeatQueues>();

function queuesFor(options: HeartbeatOptions): HeartbeatQueues {
  let queues = queuesByOptions.get(options);
  if (queues === undefined) {
    queues = {
      resting: new DeadlineQueue(options.clock, options.pingInterval, 'resting'),
      awaitingPong: new DeadlineQueue(options.clock, options.pingTimeout, 'awaiting-pong'),
    };
    queuesByOptions.set(options, queues);
  }
  return queues;
}

/**
 * One session's heartbeat, on the injected clock; the timers are shared by every heartbeat
 * made with the same options object.
 * @example
 * const heartbeat = new Heartbeat({ clock, pingInterval: 25000, pingTimeout: 20000 }, session);
 * heartbeat.start();       // pings after 25 s
 * heartbeat.onPong();      // call on every `3`
 * heartbeat.stop();        // on close: it no longer holds a place in any timer
 */
export class Heartbeat {
  private current: HeartbeatState = 'idle';
  /** @internal When the current wait ends. */
  deadline = 0;
  private readonly queues: HeartbeatQueues;

  constructor(
    options: HeartbeatOptions,
    private readonly peer: HeartbeatPeer,
  ) {
    this.queues = queuesFor(options);
  }

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

  /** @internal The current wait ended (its queue no longer counts this heartbeat). */
  expire(): void {
    if (this.current === 'resting') {
      this.current = 'idle'; // already out of the resting queue
      this.enter('awaiting-pong');
      this.peer.heartbeatPing();
    } else if (this.current === 'awaiting-pong') {
      this.current = 'stopped';
      this.peer.heartbeatTimeout();
    }
  }

  /** The one setter: leaves the old wait's queue and joins the one the new state needs. */
  private enter(next: HeartbeatState): void {
    if (this.current === 'resting') this.queues.resting.left();
    else if (this.current === 'awaiting-pong') this.queues.awaitingPong.left();
    this.current = next;
    if (next === 'resting') this.deadline = this.queues.resting.add(this);
    else if (next === 'awaiting-pong') this.deadline = this.queues.awaitingPong.add(this);
  }
}
