// What the page shows of one room, as data: messages (with the ids the server gave them) and
// join/leave notices, in order. History that arrives after a reconnect is merged in by id, so
// nothing shows twice, everything stays in id order, and nothing already shown goes away.

/**
 * @typedef {{ kind: 'message', id?: number, name: string, text: string, time: string }} MessageEntry
 *   `id` is missing only when the server could not store the message.
 * @typedef {{ kind: 'notice', name: string, event: string, text: string, time: string }} NoticeEntry
 * @typedef {MessageEntry | NoticeEntry} LogEntry
 */

export class MessageLog {
  /** @param {number} limit entries kept; the oldest go first */
  constructor(limit) {
    this.limit = limit;
    /** @type {LogEntry[]} */
    this.entries = [];
    /** @type {Set<number>} */
    this.ids = new Set();
    /** How many entries fell off the top so far: a view drawn before must be redrawn. */
    this.dropped = 0;
  }

  /** The highest message id shown: what to ask the server for history `since`. */
  lastId() {
    let last = 0;
    for (const entry of this.entries) if (entry.kind === 'message' && entry.id !== undefined && entry.id > last) last = entry.id;
    return last;
  }

  /**
   * Adds a message: at the end when it is the newest, else at its place by id.
   * @param {MessageEntry} message
   * @returns {'appended' | 'inserted' | 'duplicate'}
   */
  addMessage(message) {
    if (message.id === undefined) return this.push(message);
    if (this.ids.has(message.id)) return 'duplicate';
    this.ids.add(message.id);
    const before = this.entries.findIndex((entry) => entry.kind === 'message' && entry.id !== undefined && entry.id > /** @type {number} */ (message.id));
    if (before === -1) return this.push(message);
    this.entries.splice(before, 0, message);
    this.trim();
    return 'inserted';
  }

  /** @param {NoticeEntry} notice */
  addNotice(notice) {
    return this.push(notice);
  }

  /**
   * Merges history from the server; true when anything was added.
   * @param {MessageEntry[]} messages
   */
  merge(messages) {
    let changed = false;
    for (const message of messages) if (this.addMessage(message) !== 'duplicate') changed = true;
    return changed;
  }

  /** @param {LogEntry} entry @returns {'appended'} */
  push(entry) {
    this.entries.push(entry);
    this.trim();
    return 'appended';
  }

  trim() {
    while (this.entries.length > this.limit) {
      const dropped = /** @type {LogEntry} */ (this.entries.shift());
      this.dropped++;
      if (dropped.kind === 'message' && dropped.id !== undefined) this.ids.delete(dropped.id);
    }
  }
}
