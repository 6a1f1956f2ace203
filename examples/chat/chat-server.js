// The chat example: an http server for the page in public/ and rtio on the default path /rt/,
// with the handlers of chat-events.js (the wire contract is described there and in README.md).
//
// The history lives in a store: on disk in LevelDB by default (level-store.js, `dataDir`), in
// Redis with `redisUrl` (redis-setup.js: several nodes share it), or any store given as `store`
// (message-store.js has the in-memory one and the interface).
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Server } from '@rtio/server';
import { attachChat } from './chat-events.js';
import { serveStatic } from './static-files.js';

export { attachChat, ROOMS, DEFAULT_ROOM, MAX_NAME, MAX_MESSAGE, ERRORS } from './chat-events.js';
export { checkName, cleanText, NAME_ERRORS } from './public/chat-rules.js';
export { createMemoryStore } from './message-store.js';

/** @typedef {import('./message-store.js').MessageStore} MessageStore */
/** @typedef {import('@rtio/server').Server} RtioServer */

/** Where the history is kept when neither `dataDir`, `store` nor `redisUrl` is given (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/**
 * Starts the chat: static files and rtio on one http server.
 * @param {{ port?: number, host?: string, historySize?: number, store?: MessageStore, dataDir?: string, serverOptions?: Record<string, unknown>, redisUrl?: string }} [options]
 *   `store` replaces the on-disk history (then `historySize` is the store's business, and the
 *   store is the caller's to close); `dataDir` is the LevelDB directory (DEFAULT_DATA_DIR);
 *   `serverOptions` go to rtio's `new Server()`; `redisUrl` connects to that Redis and uses it for
 *   the adapter and, unless `store` is given, the history. close() closes what startChat opened.
 * @returns {Promise<{ url: string, port: number, io: RtioServer, httpServer: import('node:http').Server, store: MessageStore, close(): Promise<void> }>}
 * @example
 * const chat = await startChat({ port: 0, dataDir: '/tmp/chat-data' });
 * console.log(chat.url); // http://127.0.0.1:<port>
 * await chat.close();
 */
export async function startChat({ port = 0, host, historySize = 50, store, dataDir = DEFAULT_DATA_DIR, serverOptions = {}, redisUrl } = {}) {
  // Loaded only when asked for: the single-node chat needs neither Redis nor its client.
  const redis = redisUrl === undefined ? undefined : await (await import('./redis-setup.js')).connectRedis(redisUrl, { historySize });
  /** @type {MessageStore | undefined} the store startChat opened, so close() closes it */
  let ownStore;
  try {
    if (!store && !redis) ownStore = await (await import('./level-store.js')).openLevelStore({ dir: dataDir, historySize });
  } catch (error) {
    await redis?.close();
    throw error;
  }
  const messages = store ?? redis?.store ?? /** @type {MessageStore} */ (ownStore);
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
    await ownStore?.close?.();
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
      await redis?.close(); // after rtio: its adapter unsubscribes while rtio closes
      await ownStore?.close?.(); // last: a handler still running may be writing to it
    })());

  return { url: `http://${urlHost}:${address.port}`, port: address.port, io, httpServer, store: messages, close };
}
