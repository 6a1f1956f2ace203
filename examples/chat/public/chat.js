// The chat page: plain browser JavaScript (ES modules) on top of rtio's client (`io`, from
// /rt/client.js). This module wires the connection, joining, rooms and sending; what the page
// shows lives in message-log.js (data) and log-view.js (drawing). Every piece of text that comes
// from a person reaches the DOM through textContent only.
import { checkName, MAX_MESSAGE, MAX_NAME } from './chat-rules.js';
import { MessageLog } from './message-log.js';
import { LogView } from './log-view.js';
import { RoomList } from './room-list.js';
import { TypingIndicator } from './typing-indicator.js';
import { forgetSession, loadSession, saveSession, tabClientId } from './saved-session.js';

const ACK_TIMEOUT_MS = 10000; // an emit whose ack does not come back in time shows an error
const TYPING_IDLE_MS = 2000; // after this long without a keystroke we stop "typing"
const TYPING_REFRESH_MS = 3000; // while typing, "typing: true" is repeated this often at most
const KEPT_PER_ROOM = 500; // older entries are dropped from the page
const STATUS_TEXT = { connected: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline' };
const NO_ANSWER = 'The server did not answer, please try again';

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const ui = {
  status: $('status'),
  nameForm: $('name-form'),
  name: /** @type {HTMLInputElement} */ ($('name')),
  nameError: $('name-error'),
  joinButton: /** @type {HTMLButtonElement} */ ($('join-button')),
  chat: $('chat'),
  rooms: $('rooms'),
  roomsToggle: /** @type {HTMLButtonElement} */ ($('rooms-toggle')),
  roomTitle: $('room-title'),
  me: $('me'),
  leave: $('leave-button'),
  messages: $('messages'),
  newMessages: /** @type {HTMLButtonElement} */ ($('new-messages')),
  onlinePanel: $('online-panel'),
  onlineStale: $('online-stale'),
  online: $('online'),
  onlineCount: $('online-count'),
  typing: $('typing'),
  typingSummary: $('typing-summary'),
  messageForm: $('message-form'),
  message: /** @type {HTMLInputElement} */ ($('message')),
  messageError: $('message-error'),
};
// The server's limits, from the module the server checks with.
ui.name.maxLength = MAX_NAME;
ui.message.maxLength = MAX_MESSAGE;

const saved = loadSession();
const state = {
  /** @type {string | null} set once the server accepted it; re-sent after every reconnect */
  name: null,
  room: saved.room ?? 'general',
  joined: false, // joined on the current connection
  joining: false,
  switching: false,
  everConnected: false,
  autoJoined: false, // the saved name was tried once
  hiddenUnread: 0, // messages that came while the tab was hidden (the title shows them)
};
/** @type {Map<string, MessageLog>} what the page has shown of each room */
const logs = new Map();
const view = new LogView(ui.messages, ui.newMessages);
const roomList = new RoomList({ rooms: ui.rooms, chat: ui.chat, toggle: ui.roomsToggle });
const typers = new TypingIndicator(ui.typing, ui.typingSummary);
// Proves to the server that a reconnecting page is the one holding its name (see chat-events.js).
const clientId = tabClientId();
const baseTitle = document.title;
let typingSent = false; // our own "typing" state as last sent
let typingSentAt = 0;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let idleTimer;

if (saved.name !== null) ui.name.value = saved.name;
setStatus('offline');
// @ts-expect-error -- `io` is the global of /rt/client.js
const connect = typeof io === 'function' ? io : undefined;
if (connect === undefined) ui.nameError.textContent = 'The realtime client did not load. Reload the page to try again.';
else start(connect());

/** @param {any} socket rtio's client socket */
function start(socket) {
  /** @type {any} */ (window).chat = { socket }; // for the console and for tests

  // ---- connection ----

  socket.on('connect', () => {
    state.everConnected = true;
    setStatus('connected');
    if (state.name !== null) rejoin();
    else if (saved.name !== null && !state.autoJoined) {
      state.autoJoined = true; // a reload: come back as who we were, where we were
      firstJoin(saved.name, state.room);
    }
  });
  socket.on('disconnect', () => {
    state.joined = false;
    state.joining = false;
    state.switching = false;
    stopTyping();
    typers.clear();
    setOnlineStale(true);
    // socket.active: the client wants to be connected and reconnects by itself.
    setStatus(socket.active ? 'reconnecting' : 'offline');
  });
  socket.on('connect_error', () => {
    if (!socket.active) setStatus('offline'); // refused by the server: no retry
  });
  socket.io.on('reconnect_attempt', () => {
    if (state.everConnected && !socket.connected) setStatus('reconnecting');
  });
  socket.io.on('reconnect_failed', () => setStatus('offline'));

  // ---- joining ----

  ui.nameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (state.joining || state.name !== null) return;
    const checked = checkName(ui.name.value); // the server's own rule, answered without a round trip
    if ('error' in checked) return showJoinError(checked.error);
    ui.nameError.textContent = '';
    firstJoin(checked.name, state.room);
  });

  ui.leave.addEventListener('click', () => {
    forgetSession();
    location.reload();
  });

  function firstJoin(/** @type {string} */ name, /** @type {string} */ room) {
    join(name, room, (error, response) => {
      if (error) return showJoinError(error);
      state.name = response.name;
      view.self = response.name;
      ui.me.textContent = response.name;
      ui.nameForm.hidden = true;
      ui.chat.hidden = false;
      enterRoom(response.room, response.history);
      ui.message.focus();
    });
  }

  /**
   * Sends `join` with the id of the last message the page has of `room`, so the history in the
   * ack is what it missed. `done(errorMessage, undefined, noAnswer)` or `done(null, response)`.
   * @param {string} name
   * @param {string} room
   * @param {(error: string | null, response?: any, noAnswer?: boolean) => void} done
   */
  function join(name, room, done) {
    state.joining = true;
    ui.joinButton.disabled = true;
    const since = logOf(room).lastId();
    socket.timeout(ACK_TIMEOUT_MS).emit('join', { name, room, clientId, since }, (/** @type {unknown} */ timeout, /** @type {any} */ response) => {
      state.joining = false;
      ui.joinButton.disabled = false;
      if (timeout) return done(NO_ANSWER, undefined, true);
      if (!isObject(response) || response.ok !== true) return done(errorText(response));
      state.joined = true;
      ui.messageError.textContent = ''; // whatever went wrong while offline is over
      saveSession({ name: response.name, room: response.room });
      done(null, response);
    });
  }

  /** Back after a reconnect: the same name, the same room, and the messages missed meanwhile. */
  function rejoin() {
    if (state.joining || state.name === null) return;
    join(state.name, state.room, (error, response, noAnswer) => {
      if (!error) return enterRoom(response.room, response.history);
      if (noAnswer) {
        if (socket.connected) setTimeout(() => socket.connected && !state.joined && rejoin(), 1000);
        return;
      }
      // The name went to someone else meanwhile: ask for one again.
      ui.name.value = /** @type {string} */ (state.name);
      state.name = null;
      ui.chat.hidden = true;
      ui.nameForm.hidden = false;
      showJoinError(error);
    });
  }

  function showJoinError(/** @type {string} */ text) {
    ui.nameForm.hidden = false;
    ui.nameError.textContent = text;
    ui.name.focus();
  }

  // ---- rooms ----

  ui.rooms.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-room]') : null;
    if (!(button instanceof HTMLElement)) return;
    const room = /** @type {string} */ (button.dataset.room);
    if (room === state.room) return roomList.setOpen(false);
    if (state.switching) return;
    if (!state.joined) return showMessageError('Not connected: wait a moment and try again');
    state.switching = true;
    stopTyping();
    socket.timeout(ACK_TIMEOUT_MS).emit('switch', { room, since: logOf(room).lastId() }, (/** @type {unknown} */ timeout, /** @type {any} */ response) => {
      state.switching = false;
      if (timeout) return showMessageError(NO_ANSWER);
      if (!isObject(response) || response.ok !== true) return showMessageError(errorText(response));
      ui.messageError.textContent = '';
      enterRoom(response.room, response.history);
      if (state.name !== null) saveSession({ name: state.name, room: response.room });
      roomList.setOpen(false);
      ui.message.focus();
    });
  });

  /** Shows `room`, with what the page had of it and the `history` the server sent merged in. */
  function enterRoom(/** @type {string} */ room, /** @type {unknown} */ history) {
    const changed = state.room !== room;
    state.room = room;
    roomList.show(room);
    ui.roomTitle.textContent = '#' + room;
    ui.message.placeholder = 'Message #' + room;
    const log = logOf(room);
    const merged = log.merge((Array.isArray(history) ? history : []).filter(isChatMessage).map(messageEntry));
    if (changed || merged || ui.messages.childElementCount === 0) view.render(log.entries, { toBottom: changed });
    roomList.seen(room, log.lastId());
    if (changed) {
      ui.online.replaceChildren(); // the room's list follows right after the ack
      ui.onlineCount.textContent = '';
      typers.clear();
    }
  }

  function logOf(/** @type {string} */ room) {
    let log = logs.get(room);
    if (!log) logs.set(room, (log = new MessageLog(KEPT_PER_ROOM)));
    return log;
  }

  // ---- incoming ----

  socket.on('message', (/** @type {unknown} */ message) => {
    if (!isChatMessage(message) || message.room !== state.room) return;
    typers.remove(message.name);
    const log = logOf(state.room);
    const dropped = log.dropped;
    const entry = messageEntry(message);
    const added = log.addMessage(entry);
    if (added === 'duplicate') return;
    if (added === 'inserted' || log.dropped !== dropped) view.render(log.entries);
    else view.append(entry, { own: message.name === state.name });
    if (entry.id !== undefined) roomList.seen(state.room, entry.id);
    if (document.hidden) {
      state.hiddenUnread++;
      document.title = '(' + state.hiddenUnread + ') ' + baseTitle;
    }
  });

  socket.on('notice', (/** @type {any} */ notice) => {
    if (!isObject(notice) || notice.room !== state.room || typeof notice.text !== 'string') return;
    const named = typeof notice.name === 'string' && typeof notice.event === 'string';
    /** @type {import('./message-log.js').NoticeEntry} */
    const entry = { kind: 'notice', name: named ? notice.name : notice.text, event: named ? notice.event : '', text: notice.text, time: String(notice.time) };
    const log = logOf(state.room);
    const dropped = log.dropped;
    log.addNotice(entry);
    if (log.dropped !== dropped) view.render(log.entries);
    else view.append(entry);
  });

  socket.on('activity', (/** @type {any} */ activity) => {
    if (isObject(activity) && typeof activity.room === 'string' && Number.isSafeInteger(activity.id)) roomList.activity(activity.room, activity.id);
  });

  socket.on('online', (/** @type {any} */ update) => {
    if (!isObject(update) || update.room !== state.room || !Array.isArray(update.names)) return;
    const names = update.names.filter((/** @type {unknown} */ name) => typeof name === 'string');
    ui.online.replaceChildren(
      ...names.map((/** @type {string} */ name) => {
        const item = document.createElement('li');
        item.textContent = name;
        if (name === state.name) item.className = 'self';
        return item;
      }),
    );
    ui.onlineCount.textContent = String(names.length);
    setOnlineStale(false);
    typers.keep(names);
  });

  socket.on('typing', (/** @type {any} */ update) => {
    if (!isObject(update) || typeof update.name !== 'string' || update.name === state.name) return;
    if (update.typing === true) typers.add(update.name);
    else typers.remove(update.name);
  });

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) return;
    state.hiddenUnread = 0;
    document.title = baseTitle;
  });

  // ---- sending ----

  ui.messageForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.joined) return showMessageError(socket.connected ? 'Still joining: try again in a moment' : 'Not connected: the message was not sent');
    const text = ui.message.value;
    stopTyping();
    // Cleared at once so the next message can be typed; put back if the server refuses it.
    ui.message.value = '';
    const restore = (/** @type {string} */ error) => {
      if (ui.message.value === '') ui.message.value = text;
      showMessageError(error);
    };
    socket.timeout(ACK_TIMEOUT_MS).emit('message', { text }, (/** @type {unknown} */ timeout, /** @type {any} */ response) => {
      if (timeout) return restore('The server did not answer: the message may not have been sent');
      if (!isObject(response) || response.ok !== true) return restore(errorText(response));
      ui.messageError.textContent = '';
    });
  });

  // ---- typing: ours ----

  ui.message.addEventListener('input', () => {
    if (!state.joined) return;
    if (ui.message.value.trim() === '') return stopTyping();
    const now = Date.now();
    if (!typingSent || now - typingSentAt >= TYPING_REFRESH_MS) {
      socket.emit('typing', { typing: true });
      typingSent = true;
      typingSentAt = now;
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  });

  function stopTyping() {
    clearTimeout(idleTimer);
    if (!typingSent) return;
    typingSent = false;
    if (socket.connected) socket.emit('typing', { typing: false });
  }
}

// ---- small helpers ----

function setStatus(/** @type {keyof typeof STATUS_TEXT} */ value) {
  ui.status.dataset.state = value;
  ui.status.textContent = STATUS_TEXT[value];
}

/** Greys the online list out while offline: it shows who was there, not who is. */
function setOnlineStale(/** @type {boolean} */ stale) {
  if (stale) ui.onlinePanel.dataset.stale = 'true';
  else delete ui.onlinePanel.dataset.stale;
  ui.onlineStale.hidden = !stale;
}

function showMessageError(/** @type {string} */ text) {
  ui.messageError.textContent = text;
}

/** @returns {import('./message-log.js').MessageEntry} */
function messageEntry(/** @type {{ id?: unknown, name: string, text: string, time: string }} */ message) {
  const id = Number.isSafeInteger(message.id) ? /** @type {number} */ (message.id) : undefined;
  return { kind: 'message', id, name: message.name, text: message.text, time: message.time };
}

/** @returns {value is Record<string, any>} */
function isObject(/** @type {unknown} */ value) {
  return value !== null && typeof value === 'object';
}

/** @returns {value is { id?: unknown, room: unknown, name: string, text: string, time: string }} */
function isChatMessage(/** @type {unknown} */ value) {
  return isObject(value) && typeof value.name === 'string' && typeof value.text === 'string' && typeof value.time === 'string';
}

function errorText(/** @type {unknown} */ response) {
  return isObject(response) && typeof response.error === 'string' ? response.error : 'Something went wrong, please try again';
}
