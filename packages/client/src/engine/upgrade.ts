// The upgrade probe: websocket opened with the sid, `2probe` → `3probe`, pause polling, `5`, switch.
import type { Transport } from './transport.js';

// The probe's states, numbers because they never leave this function:
// probing → (3probe) pausing → (polling idle, `5` sent) over; a failure or cancel also ends it (over).
const PROBING = 0;
const PAUSING = 1;
const OVER = 2;

export interface UpgradeHooks {
  /** `3probe` arrived: polling is being paused. */
  upgrading(): void;
  /** `5` was sent on `probe`, which now carries the session. */
  upgraded(probe: Transport): void;
  /** The probe failed or was cancelled; polling runs on. `error`: the probe transport's failure, if that was it. */
  failed(error?: unknown): void;
}

/**
 * Probes `probe` (a websocket transport with its sid set) while `current` (polling) keeps running.
 * Returns cancel(). Nothing is lost or reordered: the switch waits until polling has no request in flight.
 */
export function startUpgrade(probe: Transport, current: Transport, hooks: UpgradeHooks): () => void {
  let state = PROBING;
  const fail = (_reason?: unknown, error?: unknown): void => {
    if (state === OVER) return;
    if (state === PAUSING) current.pause(); // resume polling
    state = OVER;
    probe.close();
    hooks.failed(error);
  };
  probe.hooks = {
    onOpen: () => probe.send([{ type: 'ping', data: 'probe' }]),
    onPacket(packet) {
      if (state !== PROBING || packet.type !== 'pong' || packet.data !== 'probe') return fail(); // not the `3probe` answer: 'probe error'
      state = PAUSING;
      hooks.upgrading();
      current.pause(() => {
        if (state !== PAUSING) return;
        state = OVER;
        probe.send([{ type: 'upgrade' }]);
        hooks.upgraded(probe);
      });
    },
    onClose: fail,
  };
  probe.open();
  return fail;
}
