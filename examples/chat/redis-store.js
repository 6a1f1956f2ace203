// The chat's message history in Redis, so that every node shows the same history: one list per
// room under `${key}:history:${room}`, one JSON message per entry, oldest first, trimmed to the
// last `historySize` entries on every append; the room's last id under `${key}:seq:${room}`.
// Same interface as the in-memory store.
import { checkHistorySize, firstId, readMessage } from './message-store.js';

/** @typedef {import('./message-store.js').ChatMessage} ChatMessage */
/** @typedef {import('./message-store.js').NewMessage} NewMessage */
/**
 * The node-redis commands the store uses (a `createClient()` client, connected).
 * @typedef {{
 *   readonly isReady: boolean,
 *   lRange(key: string, start: number, stop: number): Promise<string[]>,
 *   eval(script: string, options: { keys: string[], arguments: string[] }): Promise<unknown>,
 * }} RedisListClient
 */

// One script, so the id and the entry are one atomic step: with INCR and RPUSH sent apart, two
// nodes could push their messages in the opposite order of their ids. The id is read back with
// GET, as a string: Lua would print a 16-digit number in floating-point notation.
// KEYS: seq, list. ARGV: the message's JSON without id, the first id, historySize.
const APPEND_SCRIPT = `
redis.call('SET', KEYS[1], ARGV[2], 'NX')
redis.call('INCR', KEYS[1])
local id = redis.call('GET', KEYS[1])
local size = tonumber(ARGV[3])
if size > 0 then
  redis.call('RPUSH', KEYS[2], '{"id":' .. id .. ',' .. string.sub(ARGV[1], 2))
  redis.call('LTRIM', KEYS[2], -size, -1)
end
return id`;

/**
 * A store keeping the last `historySize` messages of each room in Redis lists.
 * Both methods reject at once while the client is not connected: node-redis would otherwise queue
 * the command until Redis comes back, and the chat would wait with it.
 * @param {{ client: RedisListClient, historySize?: number, key?: string, now?: () => number }} options
 * @returns {{ append(room: string, message: NewMessage): Promise<ChatMessage>, recent(room: string, after?: number): Promise<ChatMessage[]> }}
 * @example
 * const store = createRedisStore({ client, historySize: 50, key: 'rtio-chat' });
 * await store.append('general', { room: 'general', name: 'alice', text: 'hi', time: new Date().toISOString() });
 * await store.recent('general'); // → [that message with its id], on every node using this Redis
 */
export function createRedisStore({ client, historySize = 50, key = 'rtio-chat', now = Date.now }) {
  checkHistorySize(historySize);
  const listKey = (/** @type {string} */ room) => `${key}:history:${room}`;
  const ready = () => {
    if (!client.isReady) throw new Error('Redis is not connected');
  };

  return {
    async append(room, { name, text, time }) {
      ready();
      const json = JSON.stringify({ room, name, text, time });
      const reply = await client.eval(APPEND_SCRIPT, { keys: [`${key}:seq:${room}`, listKey(room)], arguments: [json, String(firstId(now)), String(historySize)] });
      return { id: Number(reply), room, name, text, time };
    },
    async recent(room, after = 0) {
      if (historySize === 0) return [];
      ready();
      const entries = await client.lRange(listKey(room), -historySize, -1);
      return entries.map(parseEntry).filter((message) => message !== undefined).filter((message) => message.id > after);
    },
  };
}

/**
 * One list entry as a message; undefined for anything this chat did not write.
 * @param {string} entry
 * @returns {ChatMessage | undefined}
 */
function parseEntry(entry) {
  try {
    return readMessage(JSON.parse(entry));
  } catch {
    return undefined;
  }
}
