// The chat's message history on disk, in LevelDB (classic-level), so that it survives a restart:
// the default store of a single node. Same interface as the in-memory store.
//
// Layout, one database per data directory:
//   msg:<room>:<id, 16 digits>  → the message as JSON (fixed-width ids sort as numbers)
//   seq:<room>                  → the room's last id, written with each message
// `<room>` is URI-encoded, so no room name can reach into another room's keys.
import { mkdir } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import { checkHistorySize, firstId, readMessage } from './message-store.js';

/** @typedef {import('./message-store.js').ChatMessage} ChatMessage */
/** @typedef {import('./message-store.js').NewMessage} NewMessage */

const ID_DIGITS = 16; // ids stay below Number.MAX_SAFE_INTEGER, which has 16 digits

/**
 * Opens (creating it if needed) the LevelDB in `dir` and returns a store on it. One process at a
 * time: LevelDB locks the directory, and a second open fails with a message naming it.
 * @param {{ dir: string, historySize?: number, now?: () => number }} options `now` for tests (Date.now)
 * @returns {Promise<{ append(room: string, message: NewMessage): Promise<ChatMessage>, recent(room: string, after?: number): Promise<ChatMessage[]>, close(): Promise<void> }>}
 * @example
 * const store = await openLevelStore({ dir: 'examples/chat/data' });
 * const sent = await store.append('general', { room: 'general', name: 'alice', text: 'hi', time: new Date().toISOString() });
 * await store.recent('general', sent.id - 1); // → [sent]
 * await store.close();
 */
export async function openLevelStore({ dir, historySize = 50, now = Date.now }) {
  checkHistorySize(historySize);
  await mkdir(dir, { recursive: true });
  /** @type {ClassicLevel<string, unknown>} */
  const db = new ClassicLevel(dir, { valueEncoding: 'json' });
  try {
    await db.open();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`cannot open the chat history in ${dir} (is another chat using it?): ${cause}`, { cause: error });
  }

  /** @type {Map<string, Promise<{ last: number }>>} each room's counter, read from disk once */
  const counters = new Map();
  const counter = (/** @type {string} */ room) => {
    let loaded = counters.get(room);
    if (!loaded) {
      loaded = db.get(seqKey(room)).then((last) => ({ last: typeof last === 'number' ? last : firstId(now) }));
      counters.set(room, loaded);
    }
    return loaded;
  };

  return {
    async append(room, { name, text, time }) {
      const seq = await counter(room);
      const id = ++seq.last; // synchronous after the await: two appends never share an id
      const message = { id, room, name, text, time };
      /** @type {{ type: 'put', key: string, value: unknown }[]} */
      const operations = [{ type: 'put', key: seqKey(room), value: id }];
      if (historySize > 0) operations.push({ type: 'put', key: messageKey(room, id), value: message });
      await db.batch(operations);
      // Whatever fell out of the last historySize (a range: historySize may have shrunk since).
      await db.clear({ gt: messageKey(room, 0), lte: messageKey(room, Math.max(0, id - historySize)) });
      return { ...message };
    },
    async recent(room, after = 0) {
      if (historySize === 0) return [];
      const values = await db.values({ gt: messageKey(room, Math.max(0, after)), lt: roomEnd(room), reverse: true, limit: historySize }).all();
      return values.reverse().map(readMessage).filter((message) => message !== undefined);
    },
    close: () => db.close(),
  };
}

function seqKey(/** @type {string} */ room) {
  return `seq:${encodeURIComponent(room)}`;
}

function messageKey(/** @type {string} */ room, /** @type {number} */ id) {
  return `msg:${encodeURIComponent(room)}:${String(id).padStart(ID_DIGITS, '0')}`;
}

/** Just past the room's last message key (';' follows ':'). */
function roomEnd(/** @type {string} */ room) {
  return `msg:${encodeURIComponent(room)};`;
}
