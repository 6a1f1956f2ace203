// The chat's message history in Redis, so that every node shows the same history: one list per
// room under `${key}:history:${room}`, one JSON message per entry, oldest first, trimmed to the
// last `historySize` entries on every append. Same interface as the in-memory store.

/** @typedef {import('./message-store.js').ChatMessage} ChatMessage */
/**
 * The node-redis commands the store uses (a `createClient()` client, connected).
 * @typedef {{
 *   readonly isReady: boolean,
 *   lRange(key: string, start: number, stop: number): Promise<string[]>,
 *   multi(): { rPush(key: string, value: string): any, lTrim(key: string, start: number, stop: number): any, exec(): Promise<unknown> },
 * }} RedisListClient
 */

/**
 * A store keeping the last `historySize` messages of each room in Redis lists.
 * Both methods reject at once while the client is not connected: node-redis would otherwise queue
 * the command until Redis comes back, and the chat would wait with it.
 * @param {{ client: RedisListClient, historySize?: number, key?: string }} options
 * @returns {{ append(room: string, message: ChatMessage): Promise<void>, recent(room: string): Promise<ChatMessage[]> }}
 * @example
 * const store = createRedisStore({ client, historySize: 50, key: 'rtio-chat' });
 * await store.append('general', { room: 'general', name: 'alice', text: 'hi', time: new Date().toISOString() });
 * await store.recent('general'); // → [that message], on every node using this Redis
 */
export function createRedisStore({ client, historySize = 50, key = 'rtio-chat' }) {
  if (!Number.isInteger(historySize) || historySize < 0) throw new RangeError(`historySize must be a non-negative integer, got ${historySize}`);
  const listKey = (/** @type {string} */ room) => `${key}:history:${room}`;
  const ready = () => {
    if (!client.isReady) throw new Error('Redis is not connected');
  };

  return {
    async append(room, message) {
      if (historySize === 0) return;
      ready();
      const { name, text, time } = message;
      // One transaction: no node ever sees the list longer than historySize.
      await client
        .multi()
        .rPush(listKey(room), JSON.stringify({ room, name, text, time }))
        .lTrim(listKey(room), -historySize, -1)
        .exec();
    },
    async recent(room) {
      if (historySize === 0) return [];
      ready();
      const entries = await client.lRange(listKey(room), -historySize, -1);
      return entries.map(parseMessage).filter((message) => message !== undefined);
    },
  };
}

/**
 * One list entry as a message; undefined for anything this chat did not write.
 * @param {string} entry
 * @returns {ChatMessage | undefined}
 */
function parseMessage(entry) {
  let value;
  try {
    value = JSON.parse(entry);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const { room, name, text, time } = value;
  if ([room, name, text, time].some((field) => typeof field !== 'string')) return undefined;
  return { room, name, text, time };
}
