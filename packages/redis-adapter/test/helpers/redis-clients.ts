// The pub/sub pair of node-redis clients an adapter needs, connected, with error listeners, and
// one close() that works whether Redis is up, reconnecting, or gone.
import { createClient, type RedisClientOptions } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export interface PubSubPair {
  pub: RedisClient;
  sub: RedisClient;
  /** Errors both clients reported (connection refused while Redis is down…). */
  readonly errors: Error[];
  close(): Promise<void>;
}

/** The part of any node-redis client that closing needs (its generics differ per createClient call). */
export interface ClosableRedisClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  close(): Promise<void>;
  destroy(): void;
}

/** Graceful close when connected; destroy when reconnecting (close() would wait for Redis). */
export async function closeRedisClient(client: ClosableRedisClient): Promise<void> {
  if (!client.isOpen) return;
  if (client.isReady) await client.close();
  else client.destroy();
}

/** Connects `pub` and its duplicate `sub` to `url`. */
export async function connectPubSub(url: string, options: RedisClientOptions = {}): Promise<PubSubPair> {
  const errors: Error[] = [];
  const pub: RedisClient = createClient({ ...options, url });
  const sub: RedisClient = pub.duplicate();
  // node-redis emits 'error' on every failed (re)connect; an unheard 'error' would crash the process
  pub.on('error', (error: Error) => errors.push(error));
  sub.on('error', (error: Error) => errors.push(error));
  const close = async (): Promise<void> => {
    await Promise.all([closeRedisClient(pub), closeRedisClient(sub)]);
  };
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    await close();
    throw error;
  }
  return { pub, sub, errors, close };
}
