// Draws a MessageLog into the #messages list: consecutive messages of one author grouped under one
// name, consecutive join/leave notices folded into one line ("alice, bob joined"), the list kept at
// the bottom while the reader is there and left alone (with a "new messages" button) when they
// scrolled up. Text from people reaches the DOM through textContent only.

const GROUP_GAP_MS = 5 * 60 * 1000; // a message this long after the previous one starts a new group
const AT_BOTTOM_PX = 40; // this close to the bottom counts as reading the latest

/** @typedef {import('./message-log.js').LogEntry} LogEntry */
/** @typedef {import('./message-log.js').MessageEntry} MessageEntry */
/** @typedef {import('./message-log.js').NoticeEntry} NoticeEntry */

export class LogView {
  /**
   * @param {HTMLElement} list the scrolling <ul>
   * @param {HTMLButtonElement} jumpButton the "new messages" button, hidden while at the bottom
   */
  constructor(list, jumpButton) {
    this.list = list;
    this.jumpButton = jumpButton;
    /** @type {string | null} whose messages show as "own" */
    this.self = null;
    /** @type {NoticeEntry[]} the notices folded into the last line, when the last line is one */
    this.trailingNotices = [];
    /** @type {LogEntry | undefined} */
    this.lastEntry = undefined;
    list.addEventListener('scroll', () => {
      if (this.atBottom()) this.jumpButton.hidden = true;
    });
    jumpButton.addEventListener('click', () => this.scrollToBottom());
  }

  /** Redraws everything (another room, or history merged in the middle); stays at the bottom if it was. */
  render(/** @type {LogEntry[]} */ entries, { toBottom = false } = {}) {
    const stick = toBottom || this.atBottom();
    const scrollTop = this.list.scrollTop;
    this.list.replaceChildren();
    this.trailingNotices = [];
    this.lastEntry = undefined;
    for (const entry of entries) this.draw(entry);
    if (stick) this.scrollToBottom();
    else this.list.scrollTop = scrollTop;
  }

  /**
   * Draws one entry after the others. `own`: the reader's own message, always scrolled to.
   * @param {LogEntry} entry
   * @param {{ own?: boolean }} [options]
   */
  append(entry, { own = false } = {}) {
    const stick = own || this.atBottom();
    this.draw(entry);
    if (stick) this.scrollToBottom();
    else if (entry.kind === 'message') this.jumpButton.hidden = false;
  }

  /** @param {LogEntry} entry */
  draw(entry) {
    if (entry.kind === 'notice') {
      if (this.trailingNotices.length > 0 && this.list.lastElementChild) {
        this.trailingNotices.push(entry);
        this.list.lastElementChild.textContent = foldNotices(this.trailingNotices);
      } else {
        this.trailingNotices = [entry];
        const item = document.createElement('li');
        item.className = 'notice';
        item.textContent = foldNotices(this.trailingNotices);
        this.list.append(item);
      }
    } else {
      const previous = this.lastEntry;
      const continued = previous?.kind === 'message' && previous.name === entry.name && Date.parse(entry.time) - Date.parse(previous.time) < GROUP_GAP_MS;
      this.trailingNotices = [];
      this.list.append(messageItem(entry, entry.name === this.self, continued));
    }
    this.lastEntry = entry;
  }

  atBottom() {
    const { scrollHeight, scrollTop, clientHeight } = this.list;
    return scrollHeight - scrollTop - clientHeight < AT_BOTTOM_PX;
  }

  scrollToBottom() {
    this.list.scrollTop = this.list.scrollHeight;
    this.jumpButton.hidden = true;
  }
}

/**
 * One line for a run of notices: "alice, bob joined · carol left".
 * @param {NoticeEntry[]} notices
 */
export function foldNotices(notices) {
  /** @type {Map<string, string[]>} event → names, in order of first appearance */
  const byEvent = new Map();
  for (const { event, name } of notices) {
    const names = byEvent.get(event) ?? [];
    if (!names.includes(name)) names.push(name);
    byEvent.set(event, names);
  }
  return [...byEvent].map(([event, names]) => `${names.join(', ')} ${event}`).join(' · ');
}

/**
 * @param {MessageEntry} message
 * @param {boolean} own
 * @param {boolean} continued same author as the message before: the name is there for screen
 *   readers and hidden on screen
 */
function messageItem(message, own, continued) {
  const item = document.createElement('li');
  item.className = 'message' + (own ? ' own' : '') + (continued ? ' continued' : '');
  if (message.id !== undefined) item.dataset.id = String(message.id);
  const meta = document.createElement('div');
  meta.className = continued ? 'meta visually-hidden' : 'meta';
  const author = document.createElement('span');
  author.className = 'author';
  author.textContent = message.name;
  const time = document.createElement('time');
  time.className = 'time';
  time.textContent = shortTime(message.time);
  time.dateTime = message.time;
  time.title = fullTime(message.time);
  meta.append(author, time);
  const text = document.createElement('div');
  text.className = 'text';
  text.textContent = message.text;
  item.append(meta, text);
  return item;
}

function shortTime(/** @type {string} */ iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return String(date.getHours()).padStart(2, '0') + ':' + String(date.getMinutes()).padStart(2, '0');
}

function fullTime(/** @type {string} */ iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}
