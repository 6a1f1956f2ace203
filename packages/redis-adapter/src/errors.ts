// The adapter's one error type: what went wrong across nodes, as a code and a sentence.

export type RedisAdapterErrorCode =
  /** Some nodes did not answer within requestsTimeout (dead, or cut off from Redis). */
  | 'REQUEST_TIMEOUT'
  /** Redis cannot be reached now: cross-node requests fail at once, local traffic goes on. */
  | 'REDIS_UNAVAILABLE'
  /** The adapter was closed while the request waited. */
  | 'ADAPTER_CLOSED';

export class RedisAdapterError extends Error {
  override readonly name = 'RedisAdapterError';

  constructor(
    readonly code: RedisAdapterErrorCode,
    message: string,
  ) {
    super(message);
  }
}
