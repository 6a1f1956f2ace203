// The upgrade probe: polling → WebSocket, `2probe`/`3probe` then `5`, within upgradeTimeout.
import type { Clock, EnginePacket, TimerHandle } from '@rtio/protocol';
import { engineLog as log } from './log.js';
import type { Transport, TransportFailure, TransportHandler } from './transport.js';

/**
 * awaiting-probe → (2probe, answered 3probe) → awaiting-upgrade → (5) → upgraded.
 * Any other packet, the probe transport closing or failing, the timeout or cancel() → aborted.
 */
export type UpgradeState = 'awaiting-probe' | 'awaiting-upgrade' | 'upgraded' | 'aborted';

export interface UpgradeHooks {
  /** `3probe` was sent: the session is upgrading and should release the client's poll. */
  probed: () => void;
  /** `5` arrived: switch to the new transport, which now belongs to the session. */
  upgraded: (transport: Transport) => void;
  /** The upgrade failed; the probe transport has been destroyed. */
  aborted: (reason: string) => void;
}

export interface UpgradeOptions {
  clock: Clock;
  upgradeTimeout: number;
}

/**
 * Owns the probe transport until the upgrade completes or fails. Only packets of the probe
 * protocol are valid on it; anything else aborts, so nothing is delivered twice or out of order.
 */
export class UpgradeProbe implements TransportHandler {
  private current: UpgradeState = 'awaiting-probe';
  private timer: TimerHandle | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly options: UpgradeOptions,
    private readonly hooks: UpgradeHooks,
    /** The upgrading session's id, for the logs. */
    private readonly sid: string,
  ) {
    transport.handler = this;
    this.timer = options.clock.setTimeout(() => this.onTimeout(), options.upgradeTimeout);
  }

  get state(): UpgradeState {
    return this.current;
  }

  /** True between `3probe` and `5`: the client may be pausing its polling. */
  get probed(): boolean {
    return this.current === 'awaiting-upgrade';
  }

  /** Gives up (the session closes or refuses); the probe transport is destroyed. */
  cancel(reason = 'cancelled'): void {
    this.abort(reason);
  }

  /** @internal */
  transportClose(): void {
    this.abort('the probe transport closed');
  }

  /** @internal */
  transportError(_reason: TransportFailure, description: Error): void {
    this.abort(`the probe transport failed: ${description.message}`);
  }

  /** @internal Nothing to do: the probe sends one packet. */
  transportDrain(): void {}

  /** @internal */
  transportPacket(packet: EnginePacket): void {
    if (this.current === 'awaiting-probe' && packet.type === 'ping' && packet.data === 'probe') {
      this.enter('awaiting-upgrade');
      log('session %s upgrading from polling to %s: probe answered', this.sid, this.transport.name);
      this.transport.send([{ type: 'pong', data: 'probe' }]);
      this.hooks.probed();
      return;
    }
    if (this.current === 'awaiting-upgrade' && packet.type === 'upgrade') {
      this.enter('upgraded');
      log('session %s upgraded from polling to %s', this.sid, this.transport.name);
      this.transport.handler = undefined;
      this.hooks.upgraded(this.transport);
      return;
    }
    this.abort(`unexpected "${packet.type}" packet on the probe transport`);
  }

  private onTimeout(): void {
    this.timer = undefined;
    this.abort('no upgrade packet within upgradeTimeout');
  }

  private abort(reason: string): void {
    if (this.current === 'upgraded' || this.current === 'aborted') return;
    this.enter('aborted');
    log('session %s upgrade from polling to %s failed: %s', this.sid, this.transport.name, reason);
    this.transport.handler = undefined;
    this.transport.destroy();
    this.hooks.aborted(reason);
  }

  /** The one setter; leaving the waiting states releases the timer. */
  private enter(next: UpgradeState): void {
    this.current = next;
    if ((next === 'upgraded' || next === 'aborted') && this.timer !== undefined) {
      this.options.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
