// Calling application code (listeners, catch-all listeners) from the socket layer: a throw or a
// rejected promise is reported, never fatal.

/** Where the failures go (a namespace passes them to the server's 'error' listeners). */
export interface ErrorReporter {
  reportError(error: unknown, context: string): void;
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** Calls `fn(...args)`; a throw, or the rejection of a promise it returns, is reported as `listener for "<context>"`. */
export function callSafely(reporter: ErrorReporter, context: string, fn: (...args: never[]) => unknown, args: readonly unknown[] = NO_ARGS): void {
  try {
    const result = (fn as (...a: unknown[]) => unknown)(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(undefined, (error: unknown) => reporter.reportError(error, `listener for "${context}"`));
    }
  } catch (error) {
    reporter.reportError(error, `listener for "${context}"`);
  }
}
