// Time as a dependency: production code asks a Clock, tests drive a ManualClock.

export type TimerHandle = unknown;

/** The source of time and timers; injected wherever a timeout or interval matters. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

type Timers = Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'>;

/** A clock on wall time and the timers of `timers`, looked up at each call. */
const clockOn = (timers: Timers): Clock => ({
  now: () => Date.now(),
  setTimeout: (callback, ms) => timers.setTimeout(callback, ms),
  clearTimeout: (handle) => timers.clearTimeout(handle as ReturnType<typeof setTimeout>),
});

/** The real clock: wall time and the runtime's timers (as they are when called: fake timers apply). */
export const systemClock: Clock = clockOn(globalThis);

/**
 * The runtime's timers as they were when rtio loaded: fake timers installed later (sinon, jest)
 * do not reach it. socket.io-client's `useNativeTimers`.
 */
export const nativeClock: Clock = clockOn({ setTimeout: setTimeout.bind(globalThis), clearTimeout: clearTimeout.bind(globalThis) });

interface ManualTimer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/**
 * A clock that only moves when told to, for tests: `advance(ms)` fires due timers in order.
 * @example
 * const clock = new ManualClock();
 * clock.setTimeout(() => console.log('fired'), 100);
 * clock.advance(100); // logs "fired"
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: ManualTimer[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer: ManualTimer = { id: this.nextId++, due: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** How many timers are armed; lets tests check that nothing is left behind. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing every timer that falls due (including ones armed meanwhile). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.earliestDue(target);
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.current = next.due;
      next.callback();
    }
    this.current = target;
  }

  private earliestDue(limit: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const timer of this.timers) {
      if (timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  }
}
