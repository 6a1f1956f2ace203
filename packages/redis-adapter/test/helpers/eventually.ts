// Polling a condition with a deadline, for cluster state that settles through Redis messages no
// test can subscribe to (a remote join applied, a dead node dropped).

export interface EventuallyOptions {
  /** What is awaited, for the failure message. */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls `probe` until `accept` holds for its value, and returns that value; fails after the
 * deadline with the last value (or error) seen. A probe that throws counts as not yet.
 */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, options: EventuallyOptions): Promise<T> {
  const { what, timeoutMs = 3000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  let last: string = 'nothing yet';
  for (;;) {
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = JSON.stringify(value);
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
