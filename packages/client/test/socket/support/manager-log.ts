// Records a Manager's events as strings ("reconnect_attempt:1", "close:transport close") in order.
import { FrameQueue } from '../../../../server/test/helpers/index.js';
import type { Manager } from '../../../src/index.js';

export const MANAGER_EVENTS = ['open', 'error', 'close', 'reconnect_attempt', 'reconnect', 'reconnect_error', 'reconnect_failed'] as const;

export function recordManager(manager: Manager): FrameQueue<string> {
  const log = new FrameQueue<string>('manager event');
  for (const name of MANAGER_EVENTS) {
    (manager.on as (event: string, listener: (...args: unknown[]) => void) => Manager)(name, (arg?: unknown) => {
      log.push(typeof arg === 'number' || typeof arg === 'string' ? `${name}:${arg}` : name);
    });
  }
  return log;
}

/** Takes events from `log` until `last` (included), failing after the guard. */
export async function until(log: FrameQueue<string>, last: string, timeoutMs = 3000): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const event = await log.next(Math.max(0, deadline - Date.now()));
    seen.push(event);
    if (event === last) return seen;
  }
}
