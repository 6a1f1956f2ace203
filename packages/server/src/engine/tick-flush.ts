// One microtask flushes every session that queued packets this tick, so the sends of one tick
// share one polling response or one WebSocket write per session.

/** Something with packets to hand over once the current tick's sends are in. */
export interface TickFlushable {
  flushQueued(): void;
}

let queued: TickFlushable[] = [];

function flushAll(): void {
  const targets = queued;
  queued = [];
  for (const target of targets) target.flushQueued();
}

/** Flushes `target` at the end of the current tick; the caller makes sure it asks once per tick. */
export function flushThisTick(target: TickFlushable): void {
  if (queued.length === 0) queueMicrotask(flushAll);
  queued.push(target);
}
