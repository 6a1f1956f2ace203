// The room buttons: which room is shown (aria-current), how many messages each other room got
// since it was last shown, and, on a phone, the toggle that folds the sidebar away.

export class RoomList {
  /**
   * @param {{ rooms: HTMLElement, chat: HTMLElement, toggle: HTMLButtonElement }} elements
   *   `chat` carries data-sidebar="open" while the folded sidebar is shown
   */
  constructor({ rooms, chat, toggle }) {
    this.rooms = rooms;
    this.chat = chat;
    this.toggle = toggle;
    /** @type {Map<string, number>} room → unread messages */
    this.unread = new Map();
    /** @type {Map<string, number>} room → the highest message id counted, so none counts twice */
    this.counted = new Map();
    this.current = '';
    toggle.addEventListener('click', () => this.setOpen(toggle.getAttribute('aria-expanded') !== 'true'));
  }

  /** @returns {HTMLButtonElement[]} */
  buttons() {
    return [...this.rooms.querySelectorAll('button[data-room]')].map((button) => /** @type {HTMLButtonElement} */ (button));
  }

  /** Marks `room` as the one shown; its unread count goes. */
  show(/** @type {string} */ room) {
    this.current = room;
    this.unread.delete(room);
    for (const button of this.buttons()) {
      if (button.dataset.room === room) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
    this.render();
  }

  /** A message with `id` was said in `room`, which is not the one shown. */
  activity(/** @type {string} */ room, /** @type {number} */ id) {
    if (room === this.current || id <= (this.counted.get(room) ?? 0)) return;
    this.counted.set(room, id);
    this.unread.set(room, (this.unread.get(room) ?? 0) + 1);
    this.render();
  }

  /** Messages up to `id` in `room` were seen (the room was shown with them). */
  seen(/** @type {string} */ room, /** @type {number} */ id) {
    if (id > (this.counted.get(room) ?? 0)) this.counted.set(room, id);
  }

  setOpen(/** @type {boolean} */ open) {
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open) this.chat.dataset.sidebar = 'open';
    else delete this.chat.dataset.sidebar;
  }

  render() {
    let total = 0;
    for (const button of this.buttons()) {
      const count = this.unread.get(button.dataset.room ?? '') ?? 0;
      total += count;
      let badge = button.querySelector('.unread');
      if (count === 0) {
        badge?.remove();
        continue;
      }
      if (!badge) {
        badge = document.createElement('span');
        badge.className = 'unread';
        button.append(badge);
      }
      badge.textContent = String(count);
      badge.setAttribute('aria-label', count === 1 ? '1 unread message' : `${count} unread messages`);
    }
    const badge = this.toggle.querySelector('.unread');
    if (badge) badge.textContent = total === 0 ? '' : String(total);
  }
}
