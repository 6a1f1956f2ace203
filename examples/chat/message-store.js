// The chat's message history, kept behind a small interface so that a shared store (Redis) can
// replace this in-memory one without touching the server: `append` and `recent` may return
// promises, and the server awaits both.

/**
 * @typedef {{ room: string, name: string, text: string, time: string }} ChatMessage
 * @typedef {{
 *   append(room: string, message: ChatMessage): void | Promise<void>,
 *   recent(room: string): ChatMessage[] | Promise<ChatMessage[]>,
 * }} MessageStore
 */

/**
 * An in-memory store keeping the last `historySize` messages of each room.
 * @param {{ historySize?: number }} [options]
 * @returns {{ append(room: string, message: ChatMessage): void, recent(room: string): ChatMessage[], clear(): void }}
 * @example
 * const store = createMemoryStore({ historySize: 2 });
 * store.append('general', { room: 'general', name: 'alice', text: 'hi', time: new Date().toISOString() });
 * store.recent('general'); // → [that message]
 */
export function createMemoryStore({ historySize = 50 } = {}) {
  if (!Number.isInteger(historySize) || historySize < 0) throw new RangeError(`historySize must be a non-negative integer, got ${historySize}`);
  /** @type {Map<string, ChatMessage[]>} */
  const rooms = new Map();
  return {
    append(room, message) {
      let list = rooms.get(room);
      if (!list) rooms.set(room, (list = []));
      list.push({ ...message });
      if (list.length > historySize) list.splice(0, list.length - historySize);
    },
    recent(room) {
      return (rooms.get(room) ?? []).map((message) => ({ ...message }));
    },
    clear() {
      rooms.clear();
    },
  };
}
