// Debug logs through the `debug` package (`DEBUG=rtio:*`), and the engine's namespace, rtio:engine.
// The socket layer makes its namespaces with createLog() too (src/log.ts): the engine imports nothing above it.
import createDebug from 'debug';

/**
 * A debug logger: printf-like (`%s`, `%d`, `%o`), formatting nothing while its namespace is off.
 * Typed here rather than as debug's `Debugger`, so the published declarations need no @types/debug.
 */
export interface Log {
  (formatter: string, ...args: unknown[]): void;
  /** Whether DEBUG enables this namespace: check it before building a detail for the line. */
  readonly enabled: boolean;
}

/** A logger for `namespace` (`rtio:<part>`). */
export function createLog(namespace: string): Log {
  return createDebug(namespace);
}

/** rtio:engine — handshakes, refused requests, polling refusals, upgrades, why each session closed. */
export const engineLog: Log = /* @__PURE__ */ createLog('rtio:engine');

/**
 * A detail on one line: a string as is, an Error's message, an object's fields as `key="value"`.
 * Builds a string: call it only when the logger is enabled.
 */
export function describeDetail(detail: unknown): string {
  if (detail === null || typeof detail !== 'object') return typeof detail === 'string' ? detail : detail === undefined ? '' : String(detail);
  if (detail instanceof Error) return detail.message;
  return Object.entries(detail)
    .map(([key, value]) => `${key}=${fieldText(value)}`)
    .join(' ');
}

function fieldText(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'string') return JSON.stringify(value);
  return value !== null && typeof value === 'object' ? '{…}' : String(value);
}
