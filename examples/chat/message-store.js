// The chat's message history, kept behind a small interface so that an on-disk store
// (level-store.js) or a shared one (redis-store.js) can replace this in-memory one without
// touching the server: every method may return a promise, and the server awaits them.
//
// Ids: the store gives each message its id, from a counter per room. A room's counter starts at
// the clock (milliseconds × 1000) when the store first sees that room, then counts up by one. So
// ids are unique and ordered within a room, and a store that starts empty (memory after a restart,
// a deleted data directory) hands out ids above those a page may still show from before.

/**
 * @typedef {{ id: number, room: string, name: string, text: string, time: string }} ChatMessage
 * @typedef {Omit<ChatMessage, 'id'>} NewMessage
 * @typedef {{
 *   append(room: string, message: NewMessage): ChatMessage | Promise<ChatMessage>,
 *   recent(room: string, after?: number): ChatMessage[] | Promise<ChatMessage[]>,
 *   close?(): void | Promise<void>,
 * }} MessageStore
 *   `append` stores the message under a new id and returns it with that id; `recent` returns
 *   the last `historySize` messages of the room, oldest first, only those with an id above `after`.
 */

/**
 * The first id of a room's counter (the next message gets this plus one).
 * @param {() => number} now milliseconds, like Date.now
 */
export function firstId(now) {
  return Math.floor(now()) * 1000;
}

/**
 * `historySize` checked the same way by every store.
 * @param {number} historySize
 */
export function checkHistorySize(historySize) {
  if (!Number.isInteger(historySize) || historySize < 0) throw new RangeError(`historySize must be a non-negative integer, got ${historySize}`);
}

/**
 * A stored value as a message; undefined for anything the chat did not write.
 * @param {unknown} value
 * @returns {ChatMessage | undefined}
 */
export function readMessage(value) {
  if (value === null || typeof value !== 'object') return undefined;
  const { id, room, name, text, time } = /** @type {Record<string, unknown>} */ (value);
  if (!Number.isSafeInteger(id) || [room, name, text, time].some((field) => typeof field !== 'string')) return undefined;
  return /** @type {ChatMessage} */ ({ id, room, name, text, time });
}

/**
 * An in-memory store keeping the last `historySize` messages of each room.
 * @param {{ historySize?: number, now?: () => number }} [options] `now` for tests (Date.now)
 * @returns {{ append(room: string, message: NewMessage): ChatMessage, recent(room: string, after?: number): ChatMessage[], clear(): void }}
 * @example
 * const store = createMemoryStore({ historySize: 2 });
 * const sent = store.append('general', { room: 'general', name: 'alice', text: 'hi', time: new Date().toISOString() });
 * store.recent('general');          // → [sent], sent.id a number
 * store.recent('general', sent.id); // → []
 */
export function createMemoryStore({ historySize = 50, now = Date.now } = {}) {
  checkHistorySize(historySize);
  /** @type {Map<string, ChatMessage[]>} */
  const rooms = new Map();
  /** @type {Map<string, number>} the last id given in each room */
  const lastIds = new Map();
  return {
    append(room, { name, text, time }) {
      const id = (lastIds.get(room) ?? firstId(now)) + 1;
      lastIds.set(room, id);
      const message = { id, room, name, text, time };
      let list = rooms.get(room);
      if (!list) rooms.set(room, (list = []));
      list.push(message);
      if (list.length > historySize) list.splice(0, list.length - historySize);
      return { ...message };
    },
    recent(room, after = 0) {
      return (rooms.get(room) ?? []).filter((message) => message.id > after).map((message) => ({ ...message }));
    },
    clear() {
      rooms.clear();
    },
  };
}
