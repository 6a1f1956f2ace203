// Who else is typing: a line under the messages for the eyes (aria-hidden, since it changes with
// every keystroke of every person) and a polite summary for screen readers that speaks only when
// someone starts typing, and at most once per ANNOUNCE_GAP_MS.

const TYPER_EXPIRY_MS = 5000; // someone's "typing" without news for this long is dropped
const ANNOUNCE_GAP_MS = 15000;

export class TypingIndicator {
  /**
   * @param {HTMLElement} line the visible line (aria-hidden="true")
   * @param {HTMLElement} summary a visually hidden aria-live="polite" region
   * @param {() => number} [now]
   */
  constructor(line, summary, now = Date.now) {
    this.line = line;
    this.summary = summary;
    this.now = now;
    /** @type {Map<string, ReturnType<typeof setTimeout>>} name → expiry timer */
    this.typers = new Map();
    this.lastAnnounced = -Infinity;
  }

  add(/** @type {string} */ name) {
    const isNew = !this.typers.has(name);
    clearTimeout(this.typers.get(name));
    this.typers.set(name, setTimeout(() => this.remove(name), TYPER_EXPIRY_MS));
    if (!isNew) return; // a refresh of the same state: nothing on screen changes
    this.renderLine();
    if (this.now() - this.lastAnnounced >= ANNOUNCE_GAP_MS) {
      this.lastAnnounced = this.now();
      this.summary.textContent = describe([...this.typers.keys()]);
    }
  }

  remove(/** @type {string} */ name) {
    if (!this.typers.has(name)) return;
    clearTimeout(this.typers.get(name));
    this.typers.delete(name);
    this.renderLine();
  }

  /** Keeps only the names still online. */
  keep(/** @type {string[]} */ names) {
    for (const name of [...this.typers.keys()]) if (!names.includes(name)) this.remove(name);
  }

  clear() {
    for (const timer of this.typers.values()) clearTimeout(timer);
    this.typers.clear();
    this.renderLine();
  }

  renderLine() {
    this.line.textContent = describe([...this.typers.keys()]);
  }
}

/** "alice is typing…", "alice and bob are typing…", "4 people are typing…" */
function describe(/** @type {string[]} */ names) {
  if (names.length === 0) return '';
  if (names.length === 1) return names[0] + ' is typing…';
  if (names.length <= 3) return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1] + ' are typing…';
  return names.length + ' people are typing…';
}
