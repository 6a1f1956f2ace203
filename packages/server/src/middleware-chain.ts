// Runs middlewares one after another (connection middlewares, per-packet middlewares): each calls
// next() to go on or next(error) to stop; a throw counts as next(error); a second next() is ignored.

export type Next<E extends Error = Error> = (error?: E) => void;
export type Middleware<T, E extends Error = Error> = (subject: T, next: Next<E>) => void;

/**
 * Calls `done()` after the last middleware called next(), or `done(error)` at the first error.
 * `onThrow` hears of a middleware that threw (it is then treated as next(error)).
 */
export function runMiddlewareChain<T, E extends Error>(
  middlewares: ReadonlyArray<Middleware<T, E>>,
  subject: T,
  done: (error?: E) => void,
  onThrow?: (error: unknown) => void,
  index = 0,
): void {
  const middleware = middlewares[index];
  if (!middleware) return done();
  let called = false;
  const next: Next<E> = (error) => {
    if (called) return;
    called = true;
    if (error) done(error);
    else runMiddlewareChain(middlewares, subject, done, onThrow, index + 1);
  };
  try {
    middleware(subject, next);
  } catch (error) {
    onThrow?.(error);
    next((error instanceof Error ? error : new Error(String(error))) as E);
  }
}
