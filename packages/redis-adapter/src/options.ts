// The adapter's options, their defaults and their checks.

export interface RedisAdapterOptions {
  /** Prefix of every channel: apps sharing one Redis use different keys and never mix. */
  key: string;
  /** How long a request to the other nodes (fetchSockets, roomSize, serverSideEmit ack…) waits, in ms. */
  requestsTimeout: number;
  /** How often a node tells the others it is alive, in ms. */
  heartbeatInterval: number;
  /** A node not heard from for this long is taken for dead and no longer waited for, in ms. */
  heartbeatTimeout: number;
  /** Sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7+); 'auto' uses it when the server has it. */
  sharded: boolean | 'auto';
}

export const DEFAULT_OPTIONS: Readonly<RedisAdapterOptions> = {
  key: 'rtio',
  requestsTimeout: 5000,
  heartbeatInterval: 5000,
  heartbeatTimeout: 10000,
  sharded: 'auto',
};

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  return value;
}

export function resolveOptions(options: Partial<RedisAdapterOptions> = {}): RedisAdapterOptions {
  const resolved = { ...DEFAULT_OPTIONS, ...options };
  if (typeof resolved.key !== 'string' || resolved.key === '' || resolved.key.includes('#')) {
    throw new TypeError(`key must be a non-empty string without "#", got ${JSON.stringify(resolved.key)}`);
  }
  positive('requestsTimeout', resolved.requestsTimeout);
  positive('heartbeatInterval', resolved.heartbeatInterval);
  positive('heartbeatTimeout', resolved.heartbeatTimeout);
  if (resolved.heartbeatTimeout <= resolved.heartbeatInterval) {
    throw new TypeError('heartbeatTimeout must be longer than heartbeatInterval, or live nodes would be dropped');
  }
  if (resolved.sharded !== true && resolved.sharded !== false && resolved.sharded !== 'auto') {
    throw new TypeError(`sharded must be true, false or 'auto', got ${String(resolved.sharded)}`);
  }
  return resolved;
}
