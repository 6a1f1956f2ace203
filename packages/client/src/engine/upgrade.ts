// The upgrade probe: websocket opened with the sid, `2probe` → `3probe`, pause polling, `5`, switch.
import type { Transport } from './transport.js';

/** probing → (3probe) pausing → (polling idle, `5` sent) done; a failure or cancel before done → failed. */
export type UpgradeState = 'probing' | 'pausing' | 'done' | 'failed';

export interface UpgradeHooks {
  /** `3probe` arrived: polling is being paused. */
  upgrading(): void;
  /** `5` was sent on `probe`, which now carries the session. */
  upgraded(probe: Transport): void;
  /** The probe failed; polling runs on. */
  failed(error: unknown): void;
}

/**
 * Probes `probe` (a websocket transport with its sid set) while `current` (polling) keeps running.
 * Returns cancel(). Nothing is lost or reordered: the switch waits until polling has no request in flight.
 */
export function startUpgrade(probe: Transport, current: Transport, hooks: UpgradeHooks): () => void {
  let state: UpgradeState = 'probing';
  const fail = (error?: unknown): void => {
    if (state === 'done' || state === 'failed') return;
    if (state === 'pausing') current.pause(); // resume polling
    state = 'failed';
    probe.close();
    hooks.failed(error);
  };
  probe.hooks = {
    onOpen: () => probe.send([{ type: 'ping', data: 'probe' }]),
    onPacket(packet) {
      if (state !== 'probing' || packet.type !== 'pong' || packet.data !== 'probe') {
        return fail(new Error(`unexpected "${packet.type}" on the upgrade probe`));
      }
      state = 'pausing';
      hooks.upgrading();
      current.pause(() => {
        if (state !== 'pausing') return;
        state = 'done';
        probe.send([{ type: 'upgrade' }]);
        hooks.upgraded(probe);
      });
    },
    onClose: (_reason, error) => fail(error),
    onDrain() {},
  };
  probe.open();
  return fail;
}
