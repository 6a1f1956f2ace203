// The chat example: an http server for the page in public/ and rtio on the default path /rt/.
//
// Wire contract (every client→server event but `typing` is acked with `{ ok: true, ... }` or
// `{ error: '<message>' }`):
//   join    { name, room?, clientId? } → { ok, name, room, rooms, history }
//   switch  { room }                   → { ok, room, history }
//   message { text }                   → { ok }
//   typing  { typing }                 (not acked)
// Server→client: message { room, name, text, time }, notice { room, text, time },
// online { room, names }, typing { name, typing }.
//
// State lives in two places only: the message history behind a store (message-store.js, or
// redis-store.js) and each socket's `socket.data` (name, room). Who is online is always asked of
// rtio (`io.in(room).fetchSockets()`), so it stays right once an adapter spans several nodes.
// With `redisUrl` the chat runs on several nodes sharing one Redis (redis-setup.js).
import { createServer } from 'node:http';
import { Server } from '@rtio/server';
import { createMemoryStore } from './message-store.js';
import { serveStatic } from './static-files.js';

/** @typedef {import('./message-store.js').MessageStore} MessageStore */
/** @typedef {import('./message-store.js').ChatMessage} ChatMessage */
/**
 * What the chat keeps on each socket (fetchSockets() hands it to any node).
 * @typedef {{ name?: string, room?: string, clientId?: string, typing?: boolean, typingSentAt?: number, replaced?: boolean }} ChatSocketData
 */
/** @typedef {import('@rtio/server').Server} RtioServer */
/** @typedef {import('@rtio/server').Socket} RtioSocket */
/** @typedef {(response: Record<string, unknown>) => void} Reply */

export const ROOMS = Object.freeze(['general', 'random']);
export const DEFAULT_ROOM = 'general';
export const MAX_NAME = 24;
export const MAX_MESSAGE = 500;
export const ERRORS = Object.freeze({
  name: `Name must be 1 to ${MAX_NAME} characters`,
  nameTaken: 'That name is taken',
  joinFirst: 'Join first',
  noSuchRoom: 'No such room',
  message: `Message must be 1 to ${MAX_MESSAGE} characters`,
  internal: 'Something went wrong on the server, please try again',
});
/** A typing `true` that repeats the current state is relayed at most this often (ms). */
const TYPING_REFRESH_MS = 1000;

/**
 * Starts the chat: static files and rtio on one http server.
 * @param {{ port?: number, host?: string, historySize?: number, store?: MessageStore, serverOptions?: Record<string, unknown>, redisUrl?: string }} [options]
 *   `store` replaces the in-memory history (then `historySize` is the store's business);
 *   `serverOptions` go to rtio's `new Server()`; `redisUrl` connects to that Redis and uses it for
 *   the adapter and, unless `store` is given, the history; close() then disconnects from it.
 * @returns {Promise<{ url: string, port: number, io: RtioServer, httpServer: import('node:http').Server, store: MessageStore, close(): Promise<void> }>}
 */
export async function startChat({ port = 0, host, historySize = 50, store, serverOptions = {}, redisUrl } = {}) {
  // Loaded only when asked for: the in-memory chat needs neither Redis nor its client.
  const redis = redisUrl === undefined ? undefined : await (await import('./redis-setup.js')).connectRedis(redisUrl, { historySize });
  const messages = store ?? redis?.store ?? createMemoryStore({ historySize });
  const httpServer = createServer((req, res) => {
    serveStatic(req, res).catch((error) => {
      console.error('chat: static file error', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    });
  });
  const io = new Server(httpServer, redis ? { ...serverOptions, adapter: redis.adapter } : serverOptions);
  attachChat(io, messages);

  try {
    await new Promise((resolveListen, rejectListen) => {
      httpServer.once('error', rejectListen);
      httpServer.listen({ port, host }, () => {
        httpServer.off('error', rejectListen);
        resolveListen(undefined);
      });
    });
  } catch (error) {
    await io.close();
    await redis?.close();
    throw error;
  }
  const address = /** @type {import('node:net').AddressInfo} */ (httpServer.address());
  const wildcard = host === undefined || host === '0.0.0.0' || host === '::' || host === '';
  const urlHost = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : host;

  /** @type {Promise<void> | undefined} */
  let closing;
  const close = () =>
    (closing ??= (async () => {
      const closed = io.close(); // closes httpServer too, once its connections are gone
      httpServer.closeAllConnections(); // keep-alive connections of the page's static requests
      await closed;
      await redis?.close(); // last: rtio's adapter unsubscribes while rtio closes
    })());

  return { url: `http://${urlHost}:${address.port}`, port: address.port, io, httpServer, store: messages, close };
}

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
  async function loadHistory(/** @type {string} */ room) {
    try {
      return await store.recent(room);
    } catch (error) {
      console.error(`chat: cannot read the history of ${room}`, error);
      return [];
    }
  }
  async function saveToHistory(/** @type {string} */ room, /** @type {ChatMessage} */ message) {
    try {
      await store.append(room, message);
    } catch (error) {
      console.error(`chat: cannot save a message of ${room} to the history`, error);
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
      const name = cleanName(field(payload, 'name'));
      if (name === undefined) return reply({ error: ERRORS.name });
      if (data.name !== undefined) {
        if (data.name !== name) return reply({ error: `You already joined as ${data.name}` });
        const room = /** @type {string} */ (data.room);
        return reply({ ok: true, name, room, rooms: [...ROOMS], history: await loadHistory(room) });
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
      const history = await loadHistory(room);
      await socket.join(room);
      if (!socket.connected) {
        // Gone while the store or the adapter answered: never announced, so nothing to take back.
        Object.assign(data, { name: undefined, room: undefined });
        return;
      }
      reply({ ok: true, name, room, rooms: [...ROOMS], history });
      notice(room, `${name} joined`);
      await sendOnline(room);
    });

    on('switch', async (payload, reply) => {
      if (!socket.connected) return;
      const { name, room: from } = data;
      if (name === undefined || from === undefined) return reply({ error: ERRORS.joinFirst });
      const to = field(payload, 'room');
      if (typeof to !== 'string' || !ROOMS.includes(to)) return reply({ error: ERRORS.noSuchRoom });
      if (to === from) return reply({ ok: true, room: to, history: await loadHistory(to) });

      await socket.leave(from);
      data.room = undefined; // in no room until the join below: a disconnect meanwhile says nothing more
      stopTyping(from, name);
      notice(from, `${name} left`);
      await sendOnline(from);

      const history = await loadHistory(to);
      await socket.join(to);
      if (!socket.connected) return;
      data.room = to;
      reply({ ok: true, room: to, history });
      notice(to, `${name} joined`);
      await sendOnline(to);
    });

    on('message', async (payload, reply) => {
      if (!socket.connected) return;
      const { name, room } = data;
      if (name === undefined || room === undefined) return reply({ error: ERRORS.joinFirst });
      const text = cleanText(field(payload, 'text'));
      if (text === undefined) return reply({ error: ERRORS.message });
      /** @type {ChatMessage} */
      const message = { room, name, text, time: new Date().toISOString() };
      await saveToHistory(room, message);
      io.to(room).emit('message', message);
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
          if (!data.replaced) notice(room, `${name} left`);
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

  function notice(/** @type {string} */ room, /** @type {string} */ text) {
    io.to(room).emit('notice', { room, text, time: new Date().toISOString() });
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
 * A display name: control characters dropped, runs of white space made one space, trimmed;
 * undefined unless 1 to MAX_NAME characters.
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function cleanName(value) {
  if (typeof value !== 'string' || value.length > MAX_NAME * 8) return undefined;
  // eslint-disable-next-line no-control-regex -- removing them is the point
  const name = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  const length = [...name].length;
  return length >= 1 && length <= MAX_NAME ? name : undefined;
}

/**
 * A message text, trimmed; undefined unless 1 to MAX_MESSAGE characters.
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function cleanText(value) {
  if (typeof value !== 'string' || value.length > MAX_MESSAGE * 4) return undefined;
  const text = value.trim();
  const length = [...text].length;
  return length >= 1 && length <= MAX_MESSAGE ? text : undefined;
}

/** Names compare case-insensitively: "Alice" and "alice" are one person. */
function nameKey(/** @type {string} */ name) {
  return name.normalize('NFKC').toLowerCase();
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
