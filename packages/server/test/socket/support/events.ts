// Awaiting events with failure guards: a test waits for the event itself, the timer only fails it.

/** Anything with once/off: rtio sockets, servers and engine sessions, socket.io-client sockets, node EventEmitters. */
/* eslint-disable @typescript-eslint/no-explicit-any -- each emitter types its event names its own way */
export interface Listenable {
  once(event: any, listener: any): unknown;
  off(event: any, listener: any): unknown;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export const GUARD_MS = 2000;

/** Resolves with the arguments of the next `event`; rejects after `timeoutMs`. */
export function nextEvent<T extends unknown[] = unknown[]>(emitter: Listenable, event: string, timeoutMs = GUARD_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (...args: unknown[]): void => {
      clearTimeout(guard);
      resolve(args as T);
    };
    const guard = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for "${event}"`));
    }, timeoutMs);
    emitter.once(event, listener);
  });
}

/** Settles like `promise`, or rejects if it takes longer than `timeoutMs`. */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let guard: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    guard = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(guard));
}

/** A promise with its resolve function, for callbacks that must be awaited. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
