// The heartbeat of Engine.IO 3 sessions, where the client pings: each ping is answered with a
// pong, and a client silent for pingInterval + pingTimeout is gone (Engine.IO 3's rule).
import type { Clock, TimerHandle } from '@rtio/protocol';
import type { HeartbeatOptions, HeartbeatPeer } from './heartbeat.js';

/** What a session's heartbeat does, whichever side pings. */
export interface SessionHeartbeat {
  start(): void;
  stop(): void;
}

export class ClientPingWatch implements SessionHeartbeat {
  private timer: TimerHandle | undefined;
  private stopped = false;
  private readonly clock: Clock;

  constructor(
    private readonly options: HeartbeatOptions,
    private readonly peer: Pick<HeartbeatPeer, 'heartbeatTimeout'>,
  ) {
    this.clock = options.clock;
  }

  start(): void {
    this.arm();
  }

  /** A ping arrived: the client is alive until the next deadline. */
  onPing(): void {
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.peer.heartbeatTimeout();
    }, this.options.pingInterval + this.options.pingTimeout);
  }
}
