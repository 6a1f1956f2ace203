// The chat page: plain browser JavaScript on top of rtio's client (`io`, from /rt/client.js).
// Every piece of text that comes from a person reaches the DOM through textContent only.
(function () {
  'use strict';

  const ACK_TIMEOUT_MS = 10000; // an emit whose ack does not come back in time shows an error
  const TYPING_IDLE_MS = 2000; // after this long without a keystroke we stop "typing"
  const TYPING_REFRESH_MS = 3000; // while typing, "typing: true" is repeated this often at most
  const TYPER_EXPIRY_MS = 5000; // someone else's "typing" without news for this long is dropped
  const MAX_RENDERED = 500; // older list items are dropped from the page
  const STATUS_TEXT = { connected: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline' };
  const NO_ANSWER = 'The server did not answer, please try again';

  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'),
    nameForm: $('name-form'),
    name: $('name'),
    nameError: $('name-error'),
    joinButton: $('join-button'),
    chat: $('chat'),
    rooms: $('rooms'),
    roomTitle: $('room-title'),
    me: $('me'),
    messages: $('messages'),
    online: $('online'),
    onlineCount: $('online-count'),
    typing: $('typing'),
    messageForm: $('message-form'),
    message: $('message'),
    messageError: $('message-error'),
  };

  const state = {
    name: null, // set once the server accepted it; re-sent after every reconnect
    room: 'general',
    joined: false, // joined on the current connection
    joining: false,
    switching: false,
    everConnected: false,
    unread: 0,
  };
  let typingSent = false; // our own "typing" state as last sent
  let typingSentAt = 0;
  let idleTimer;
  const typers = new Map(); // the others typing: name → expiry timer
  // Proves to the server that a reconnecting page is the one holding its name (see chat-server.js).
  const clientId = randomId();
  const baseTitle = document.title;

  setStatus('offline');
  if (typeof io !== 'function') {
    ui.nameError.textContent = 'The realtime client did not load. Reload the page to try again.';
    return;
  }
  const socket = io();
  window.chat = { socket }; // for the console and for tests

  // ---- connection status ----

  socket.on('connect', () => {
    state.everConnected = true;
    setStatus('connected');
    if (state.name !== null) rejoin();
  });
  socket.on('disconnect', () => {
    state.joined = false;
    state.joining = false;
    state.switching = false;
    stopTyping();
    clearTypers();
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

  function setStatus(value) {
    ui.status.dataset.state = value;
    ui.status.textContent = STATUS_TEXT[value];
  }

  // ---- joining ----

  ui.nameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (state.joining || state.name !== null) return;
    ui.nameError.textContent = '';
    join(ui.name.value, 'general', (error, response) => {
      if (error) {
        ui.nameError.textContent = error;
        ui.name.focus();
        return;
      }
      state.name = response.name;
      ui.me.textContent = response.name;
      ui.nameForm.hidden = true;
      ui.chat.hidden = false;
      enterRoom(response.room, response.history);
      ui.message.focus();
    });
  });

  /** Sends `join`; `done(errorMessage)` or `done(null, response)`. */
  function join(name, room, done) {
    state.joining = true;
    ui.joinButton.disabled = true;
    socket.timeout(ACK_TIMEOUT_MS).emit('join', { name, room, clientId }, (timeout, response) => {
      state.joining = false;
      ui.joinButton.disabled = false;
      if (timeout) return done(NO_ANSWER, undefined, true);
      if (!isObject(response) || response.ok !== true) return done(errorText(response));
      state.joined = true;
      done(null, response);
    });
  }

  /** Back after a reconnect: the same name, the same room, fresh history. */
  function rejoin() {
    if (state.joining) return;
    join(state.name, state.room, (error, response, noAnswer) => {
      if (!error) return enterRoom(response.room, response.history);
      if (noAnswer) {
        if (socket.connected) setTimeout(() => socket.connected && !state.joined && rejoin(), 1000);
        return;
      }
      // The name went to someone else meanwhile: ask for one again.
      ui.name.value = state.name;
      state.name = null;
      ui.chat.hidden = true;
      ui.nameForm.hidden = false;
      ui.nameError.textContent = error;
      ui.name.focus();
    });
  }

  // ---- rooms ----

  ui.rooms.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-room]') : null;
    if (!button) return;
    const room = button.dataset.room;
    if (room === state.room || state.switching) return;
    if (!state.joined) return showMessageError('Not connected: wait a moment and try again');
    state.switching = true;
    stopTyping();
    socket.timeout(ACK_TIMEOUT_MS).emit('switch', { room }, (timeout, response) => {
      state.switching = false;
      if (timeout) return showMessageError(NO_ANSWER);
      if (!isObject(response) || response.ok !== true) return showMessageError(errorText(response));
      ui.messageError.textContent = '';
      enterRoom(response.room, response.history);
      ui.message.focus();
    });
  });

  function enterRoom(room, history) {
    state.room = room;
    for (const button of ui.rooms.querySelectorAll('button[data-room]')) {
      if (button.dataset.room === room) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
    ui.roomTitle.textContent = '#' + room;
    ui.message.placeholder = 'Message #' + room;
    ui.messages.replaceChildren();
    for (const message of Array.isArray(history) ? history : []) {
      if (isChatMessage(message)) ui.messages.append(messageItem(message));
    }
    ui.online.replaceChildren(); // the room's list follows right after the ack
    ui.onlineCount.textContent = '';
    clearTypers();
    scrollToBottom();
  }

  // ---- incoming ----

  socket.on('message', (message) => {
    if (!isChatMessage(message) || message.room !== state.room) return;
    removeTyper(message.name);
    append(messageItem(message), message.name === state.name);
    if (document.hidden) {
      state.unread++;
      document.title = '(' + state.unread + ') ' + baseTitle;
    }
  });

  socket.on('notice', (notice) => {
    if (!isObject(notice) || notice.room !== state.room || typeof notice.text !== 'string') return;
    const item = document.createElement('li');
    item.className = 'notice';
    item.textContent = notice.text;
    if (typeof notice.time === 'string') item.title = fullTime(notice.time);
    append(item, false);
  });

  socket.on('online', (update) => {
    if (!isObject(update) || update.room !== state.room || !Array.isArray(update.names)) return;
    const names = update.names.filter((name) => typeof name === 'string');
    ui.online.replaceChildren(
      ...names.map((name) => {
        const item = document.createElement('li');
        item.textContent = name;
        if (name === state.name) item.className = 'self';
        return item;
      }),
    );
    ui.onlineCount.textContent = String(names.length);
    for (const name of typers.keys()) if (!names.includes(name)) removeTyper(name);
  });

  socket.on('typing', (update) => {
    if (!isObject(update) || typeof update.name !== 'string' || update.name === state.name) return;
    if (update.typing === true) addTyper(update.name);
    else removeTyper(update.name);
  });

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) return;
    state.unread = 0;
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
    const restore = (error) => {
      if (ui.message.value === '') ui.message.value = text;
      showMessageError(error);
    };
    socket.timeout(ACK_TIMEOUT_MS).emit('message', { text }, (timeout, response) => {
      if (timeout) return restore('The server did not answer: the message may not have been sent');
      if (!isObject(response) || response.ok !== true) return restore(errorText(response));
      ui.messageError.textContent = '';
    });
  });

  function showMessageError(text) {
    ui.messageError.textContent = text;
  }

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

  // ---- typing: the others ----

  function addTyper(name) {
    clearTimeout(typers.get(name));
    typers.set(name, setTimeout(() => removeTyper(name), TYPER_EXPIRY_MS));
    renderTypers();
  }

  function removeTyper(name) {
    if (!typers.has(name)) return;
    clearTimeout(typers.get(name));
    typers.delete(name);
    renderTypers();
  }

  function clearTypers() {
    for (const timer of typers.values()) clearTimeout(timer);
    typers.clear();
    renderTypers();
  }

  function renderTypers() {
    const names = [...typers.keys()];
    let text = '';
    if (names.length === 1) text = names[0] + ' is typing…';
    else if (names.length === 2) text = names[0] + ' and ' + names[1] + ' are typing…';
    else if (names.length === 3) text = names[0] + ', ' + names[1] + ' and ' + names[2] + ' are typing…';
    else if (names.length > 3) text = names.length + ' people are typing…';
    ui.typing.textContent = text;
  }

  // ---- rendering ----

  function messageItem(message) {
    const item = document.createElement('li');
    item.className = message.name === state.name ? 'message own' : 'message';
    const meta = document.createElement('div');
    meta.className = 'meta';
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

  /** Appends to #messages; follows to the bottom unless the reader scrolled up (own messages always). */
  function append(item, force) {
    const list = ui.messages;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.append(item);
    while (list.childElementCount > MAX_RENDERED) list.firstElementChild.remove();
    if (atBottom || force) scrollToBottom();
  }

  function scrollToBottom() {
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  // ---- small helpers ----

  function shortTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '';
    return String(date.getHours()).padStart(2, '0') + ':' + String(date.getMinutes()).padStart(2, '0');
  }

  function fullTime(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
  }

  function isObject(value) {
    return value !== null && typeof value === 'object';
  }

  function isChatMessage(value) {
    return isObject(value) && typeof value.name === 'string' && typeof value.text === 'string' && typeof value.time === 'string';
  }

  function errorText(response) {
    return isObject(response) && typeof response.error === 'string' ? response.error : 'Something went wrong, please try again';
  }

  function randomId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }
})();
