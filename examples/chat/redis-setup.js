// The chat on several nodes: the Redis adapter (broadcasts, rooms, fetchSockets across nodes) and
// the history in Redis, over one pair of node-redis clients. chat-server.js loads this module only
// when it is given a Redis URL, so the in-memory chat needs neither Redis nor the `redis` package.
import { createClient } from 'redis';
import { createAdapter } from '@rtio/redis-adapter';
import { createRedisStore } from './redis-store.js';

/** Channel and key prefix of this app on a shared Redis. */
export const REDIS_KEY = 'rtio-chat';
/** Longest wait between two reconnection attempts once connected (ms). */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * Connects to Redis and returns what `startChat` needs. Rejects when Redis cannot be reached now;
 * once connected, the clients reconnect by themselves and the chat keeps serving its own clients
 * meanwhile (cross-node traffic and history resume with Redis).
 * @param {string} url e.g. redis://127.0.0.1:6379
 * @param {{ historySize?: number, key?: string }} [options]
 * @returns {Promise<{ adapter: ReturnType<typeof createAdapter>, store: ReturnType<typeof createRedisStore>, close(): Promise<void> }>}
 */
export async function connectRedis(url, { historySize = 50, key = REDIS_KEY } = {}) {
  const where = redisHost(url);
  let started = false;
  const pub = createClient({
    url,
    socket: {
      // At start-up a Redis that is not there is an error to report, not to wait for.
      reconnectStrategy: (retries, cause) => (started ? Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause),
    },
  });
  const sub = pub.duplicate(); // a subscribed client can run no other command
  watch(pub, `pub client (${where})`, () => started);
  watch(sub, `sub client (${where})`, () => started);

  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    pub.destroy();
    sub.destroy();
    throw new Error(`cannot connect to Redis at ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  started = true;

  /** @type {Promise<void> | undefined} */
  let closing;
  return {
    adapter: createAdapter(pub, sub, { key }),
    store: createRedisStore({ client: pub, historySize, key }),
    // close() lets commands already sent finish; a client cut off from Redis has nothing to wait for.
    close: () => (closing ??= Promise.all([pub, sub].map((client) => (client.isReady ? client.close() : client.destroy()))).then(() => {})),
  };
}

/**
 * Logs a client's outages once each rather than on every reconnection attempt. Without an 'error'
 * listener node-redis's errors would crash the process.
 * @param {{ on(event: string, listener: (...args: any[]) => void): unknown }} client
 * @param {string} name
 * @param {() => boolean} started before that, connectRedis reports the failure itself
 */
function watch(client, name, started) {
  let down = false;
  client.on('error', (/** @type {Error} */ error) => {
    if (down || !started()) return;
    down = true;
    console.error(`chat: Redis ${name} lost: ${error.message}; reconnecting`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    console.error(`chat: Redis ${name} reconnected`);
  });
}

/** host:port of a Redis URL, for messages: they must not show its password. */
function redisHost(/** @type {string} */ url) {
  if (!URL.canParse(url)) throw new TypeError('the Redis URL is not a URL (expected redis://host:6379)');
  return new URL(url).host || 'localhost:6379';
}
