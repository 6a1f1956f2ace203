// Debug logging without a dependency: enabled when DEBUG mentions "rtio" (e.g. DEBUG=rtio:*).

const enabled = typeof process !== 'undefined' && /(^|,)\s*(rtio|\*)/.test(process.env.DEBUG ?? '');

export type DebugLog = (message: string, ...details: unknown[]) => void;

export function createDebug(scope: string): DebugLog {
  if (!enabled) return () => {};
  return (message, ...details) => console.error(`rtio:${scope} ${message}`, ...details);
}
