// The chat's event handlers on an rtio namespace: join, switch, message, typing, and what the
// room is told (messages, notices, who is online, who is typing, activity in other rooms).
//
// Wire contract (every client→server event but `typing` is acked with `{ ok: true, ... }` or
// `{ error: '<message>' }`):
//   join    { name, room?, clientId?, since? } → { ok, name, room, rooms, history }
//   switch  { room, since? }                   → { ok, room, history }
//   message { text }                           → { ok }
//   typing  { typing }                         (not acked)
// `history` is the room's last messages, oldest first; with `since` (the last id the page has)
// only those after it. Server→client: message { id, room, name, text, time },
// notice { room, text, time, name, event: 'joined' | 'left' }, online { room, names },
// typing { name, typing }, activity { room, id } (a message in a room the person is not in).
//
// State lives in two places only: the message history behind a store and each socket's
// `socket.data` (name, room). Who is online is always asked of rtio (`io.in(room).fetchSockets()`),
// so it stays right once an adapter spans several nodes.
import { checkName, cleanText, nameKey, MAX_NAME, MAX_MESSAGE, MESSAGE_ERROR, NAME_ERRORS } from './public/chat-rules.js';

/** @typedef {import('./message-store.js').MessageStore} MessageStore */
/** @typedef {import('./message-store.js').ChatMessage} ChatMessage */
/** @typedef {import('./message-store.js').NewMessage} NewMessage */
/**
 * What the chat keeps on each socket (fetchSockets() hands it to any node).
 * @typedef {{ name?: string, room?: string, clientId?: string, typing?: boolean, typingSentAt?: number, replaced?: boolean }} ChatSocketData
 */
/** @typedef {import('@rtio/server').Server} RtioServer */
/** @typedef {import('@rtio/server').Socket} RtioSocket */
/** @typedef {(response: Record<string, unknown>) => void} Reply */

export { MAX_NAME, MAX_MESSAGE };
export const ROOMS = Object.freeze(['general', 'random']);
export const DEFAULT_ROOM = 'general';
export const ERRORS = Object.freeze({
  name: NAME_ERRORS.length,
  nameTaken: 'That name is taken',
  joinFirst: 'Join first',
  noSuchRoom: 'No such room',
  message: MESSAGE_ERROR,
  internal: 'Something went wrong on the server, please try again',
});
/** Everyone who joined, whatever their room: where `activity` goes (not a room anyone can pick). */
const PEOPLE = '~people';
/** A typing `true` that repeats the current state is relayed at most this often (ms). */
const TYPING_REFRESH_MS = 1000;

/**
 * The chat's event handlers on `io`'s main namespace.
 * @param {RtioServer} io
 * @param {MessageStore} store
 */
export function attachChat(io, store) {
  /** Lower-cased names whose join is being checked right now (two joins racing for one name). */
  const reserved = new Set();

  // History is a nicety: a store that fails (Redis away) is logged, and the chat goes on without it.
  /** @returns {Promise<ChatMessage[]>} */
  async function loadHistory(/** @type {string} */ room, /** @type {number} */ since) {
    try {
      return await store.recent(room, since);
    } catch (error) {
      console.error(`chat: cannot read the history of ${room}`, error);
      return [];
    }
  }
  /**
   * The message with the id the store gave it; without an id when the store failed (the page
   * shows it all the same, it only cannot be found again).
   * @returns {Promise<NewMessage & { id?: number }>}
   */
  async function saveToHistory(/** @type {string} */ room, /** @type {NewMessage} */ message) {
    try {
      return await store.append(room, message);
    } catch (error) {
      console.error(`chat: cannot save a message of ${room} to the history`, error);
      return message;
    }
  }

  /**
   * The sockets of every node (in `room`, when given). When the other nodes cannot be asked (Redis
   * away, a node not answering), this node's own: its people can still join and see who is here.
   */
  async function everyone(/** @type {string | undefined} */ room = undefined) {
    try {
      return await (room === undefined ? io : io.in(room)).fetchSockets();
    } catch (error) {
      console.error(`chat: cannot ask the other nodes, answering with this node's people only: ${error instanceof Error ? error.message : String(error)}`);
      return await (room === undefined ? io.local : io.local.in(room)).fetchSockets();
    }
  }

  io.on('connection', (/** @type {RtioSocket} */ socket) => {
    /** @type {ChatSocketData} */
    const data = socket.data;
    // One event at a time per socket, in arrival order: a `message` sent right after a `switch`
    // lands in the new room even when the store or the adapter answers asynchronously.
    /** @type {Promise<void>} */
    let queue = Promise.resolve();
    /**
     * @param {string} event
     * @param {(payload: unknown, reply: Reply) => unknown} handler
     */
    const on = (event, handler) => {
      socket.on(event, (/** @type {unknown[]} */ ...args) => {
        const ack = typeof args[args.length - 1] === 'function' ? /** @type {Function} */ (args.pop()) : undefined;
        const reply = once(ack);
        queue = queue
          .then(async () => {
            await handler(args[0], reply);
          })
          .catch((error) => {
            console.error(`chat: "${event}" failed`, error);
            reply({ error: ERRORS.internal });
          });
      });
    };

    on('join', async (payload, reply) => {
      if (!socket.connected) return;
      const checked = checkName(field(payload, 'name'));
      if ('error' in checked) return reply({ error: checked.error });
      const { name } = checked;
      const since = sinceField(payload);
      if (data.name !== undefined) {
        if (data.name !== name) return reply({ error: `You already joined as ${data.name}` });
        const room = /** @type {string} */ (data.room);
        return reply({ ok: true, name, room, rooms: [...ROOMS], history: await loadHistory(room, since) });
      }
      const wanted = field(payload, 'room');
      const room = typeof wanted === 'string' && ROOMS.includes(wanted) ? wanted : DEFAULT_ROOM;
      const clientIdField = field(payload, 'clientId');
      const clientId = typeof clientIdField === 'string' && clientIdField.length >= 16 && clientIdField.length <= 64 ? clientIdField : undefined;

      const key = nameKey(name);
      if (reserved.has(key)) return reply({ error: ERRORS.nameTaken });
      reserved.add(key);
      try {
        const holders = (await everyone()).filter((other) => {
          const otherName = chatData(other).name;
          return other.id !== socket.id && typeof otherName === 'string' && nameKey(otherName) === key;
        });
        // The same page coming back after a network drop, before the server noticed the old
        // connection was dead: it proves it with the random clientId only it knows.
        if (holders.some((other) => clientId === undefined || chatData(other).clientId !== clientId)) return reply({ error: ERRORS.nameTaken });
        for (const stale of holders) {
          chatData(stale).replaced = true; // a local socket's own data: its disconnect stays quiet
          stale.disconnect(true);
        }
        if (!socket.connected) return;
        Object.assign(data, { name, room, clientId });
      } finally {
        reserved.delete(key);
      }
      // In the room before reading its history: a message said in between comes both ways, and the
      // page drops the second by its id. The other way round it would come neither way.
      await socket.join([room, PEOPLE]);
      const history = await loadHistory(room, since);
      if (!socket.connected) {
        // Gone while the store or the adapter answered: never announced, so nothing to take back.
        Object.assign(data, { name: undefined, room: undefined });
        return;
      }
      reply({ ok: true, name, room, rooms: [...ROOMS], history });
      notice(room, name, 'joined');
      await sendOnline(room);
    });

    on('switch', async (payload, reply) => {
      if (!socket.connected) return;
      const { name, room: from } = data;
      if (name === undefined || from === undefined) return reply({ error: ERRORS.joinFirst });
      const to = field(payload, 'room');
      if (typeof to !== 'string' || !ROOMS.includes(to)) return reply({ error: ERRORS.noSuchRoom });
      const since = sinceField(payload);
      if (to === from) return reply({ ok: true, room: to, history: await loadHistory(to, since) });

      await socket.leave(from);
      data.room = undefined; // in no room until the join below: a disconnect meanwhile says nothing more
      stopTyping(from, name);
      notice(from, name, 'left');
      await sendOnline(from);

      await socket.join(to); // before the history, as in join
      const history = await loadHistory(to, since);
      if (!socket.connected) return;
      data.room = to;
      reply({ ok: true, room: to, history });
      notice(to, name, 'joined');
      await sendOnline(to);
    });

    on('message', async (payload, reply) => {
      if (!socket.connected) return;
      const { name, room } = data;
      if (name === undefined || room === undefined) return reply({ error: ERRORS.joinFirst });
      const text = cleanText(field(payload, 'text'));
      if (text === undefined) return reply({ error: ERRORS.message });
      const message = await saveToHistory(room, { room, name, text, time: new Date().toISOString() });
      io.to(room).emit('message', message);
      // The others learn that this room has news (for their unread counts), not what it says.
      if (message.id !== undefined) io.to(PEOPLE).except(room).emit('activity', { room, id: message.id });
      reply({ ok: true });
    });

    on('typing', (payload) => {
      const { name, room } = data;
      const typing = field(payload, 'typing');
      if (!socket.connected || name === undefined || room === undefined || typeof typing !== 'boolean') return;
      const now = Date.now();
      if (typing === Boolean(data.typing) && (!typing || now - (data.typingSentAt ?? 0) < TYPING_REFRESH_MS)) return;
      data.typing = typing;
      data.typingSentAt = now;
      socket.to(room).emit('typing', { name, typing });
    });

    socket.on('disconnect', (reason) => {
      queue = queue
        .then(async () => {
          const { name, room } = data;
          if (name === undefined || room === undefined || reason === 'server shutting down') return;
          stopTyping(room, name);
          // A socket replaced by its own page reconnecting: the person never left.
          if (!data.replaced) notice(room, name, 'left');
          await sendOnline(room);
        })
        .catch((error) => console.error('chat: "disconnect" failed', error));
    });

    /** Tells the others in `room` that this socket stopped typing, if it was. */
    function stopTyping(/** @type {string} */ room, /** @type {string} */ name) {
      if (!data.typing) return;
      data.typing = false;
      io.to(room).except(socket.id).emit('typing', { name, typing: false });
    }
  });

  /** `text` for pages that show notices as they come, `name` and `event` for those that fold them. */
  function notice(/** @type {string} */ room, /** @type {string} */ name, /** @type {'joined' | 'left'} */ event) {
    io.to(room).emit('notice', { room, text: `${name} ${event}`, time: new Date().toISOString(), name, event });
  }

  /** Sends `room` its sorted list of names, as rtio sees the room right now. */
  async function sendOnline(/** @type {string} */ room) {
    const sockets = await everyone(room);
    const names = new Set();
    for (const other of sockets) {
      const { name, room: itsRoom } = chatData(other);
      if (typeof name === 'string' && itsRoom === room) names.add(name);
    }
    io.to(room).emit('online', { room, names: [...names].sort(compareNames) });
  }
}

/**
 * A socket's chat data; whatever another node hands back is treated as untrusted too.
 * @param {{ data: unknown }} socket
 * @returns {ChatSocketData}
 */
function chatData(socket) {
  const data = socket.data;
  return data !== null && typeof data === 'object' ? /** @type {ChatSocketData} */ (data) : {};
}

// ---- payload checks: a client may send anything ----

/**
 * `payload[key]` when payload is a plain object, else undefined.
 * @param {unknown} payload
 * @param {string} key
 * @returns {unknown}
 */
function field(payload, key) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  return Object.hasOwn(payload, key) ? /** @type {Record<string, unknown>} */ (payload)[key] : undefined;
}

/**
 * The `since` of a join or switch: the last message id the page has, 0 when it has none.
 * @param {unknown} payload
 */
function sinceField(payload) {
  const since = field(payload, 'since');
  return typeof since === 'number' && Number.isSafeInteger(since) && since > 0 ? since : 0;
}

function compareNames(/** @type {string} */ a, /** @type {string} */ b) {
  return a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The ack, callable once; a client that sent none gets nothing.
 * @param {Function | undefined} ack
 * @returns {Reply}
 */
function once(ack) {
  let done = false;
  return (response) => {
    if (done || ack === undefined) return;
    done = true;
    ack(response);
  };
}
