// Reconnection delays: exponential, capped, then jittered, so capped clients never retry in lockstep.

export interface BackoffOptions {
  /** First delay in ms (reconnectionDelay). */
  min: number;
  /** Largest delay in ms (reconnectionDelayMax); jitter only ever shortens it. */
  max: number;
  /** 0..1 (randomizationFactor): how much of the delay the jitter may take away. */
  jitter: number;
}

/**
 * The delay before reconnection attempt `attempt` (0-based). Socket.IO jitters before capping, so
 * from the 5th attempt every client waits exactly `max` and a restarted server sees them all at
 * once; here the cap comes first and the jitter spreads capped clients over [max·(1-jitter), max].
 * @example backoff(0, { min: 1000, max: 5000, jitter: 0.5 }, Math.random) // 500..1000
 */
export function backoff(attempt: number, options: BackoffOptions, random: () => number): number {
  const capped = Math.min(options.max, options.min * 2 ** Math.min(attempt, 31));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.floor(capped * (1 - jitter * random()));
}
