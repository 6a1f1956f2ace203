// @rtio/redis-adapter: rtio on many nodes, through Redis pub/sub.
import type { AdapterConstructor, AdapterNamespace } from '@rtio/server';
import { resolveOptions, type RedisAdapterOptions } from './options.js';
import { RedisAdapter } from './redis-adapter.js';
import type { RedisClientLike } from './redis-client.js';

export { RedisAdapter } from './redis-adapter.js';
export { RedisAdapterError, type RedisAdapterErrorCode } from './errors.js';
export { DEFAULT_OPTIONS, type RedisAdapterOptions } from './options.js';
export { RemoteSocket } from './remote-socket.js';
export type { RedisClientLike } from './redis-client.js';

/**
 * The adapter for `io.adapter(...)`: every namespace gets a RedisAdapter on these clients. The
 * subscriber is used for nothing else (a Redis connection in subscribe mode can only subscribe).
 * @example
 * const pub = createClient({ url: 'redis://localhost:6379' });
 * const sub = pub.duplicate();
 * pub.on('error', console.error); sub.on('error', console.error);
 * await Promise.all([pub.connect(), sub.connect()]);
 * io.adapter(createAdapter(pub, sub, { key: 'my-app' }));
 */
export function createAdapter(
  pubClient: RedisClientLike,
  subClient: RedisClientLike,
  options: Partial<RedisAdapterOptions> = {},
): AdapterConstructor {
  const resolved = resolveOptions(options);
  return class extends RedisAdapter {
    constructor(nsp: AdapterNamespace) {
      super(nsp, pubClient, subClient, resolved);
    }
  };
}
