// The socket layer's debug log namespaces (`DEBUG=rtio:*`); the engine's, rtio:engine, is in engine/log.ts.
import { createLog, type Log } from './engine/index.js';

/** rtio:server — a connection's parse errors, packets it cannot route, connectTimeout, dropped volatile packets. */
export const serverLog: Log = /* @__PURE__ */ createLog('rtio:server');
/** rtio:socket — a socket joining a namespace, refused (a middleware, an unknown namespace), and why it disconnected. */
export const socketLog: Log = /* @__PURE__ */ createLog('rtio:socket');
/** rtio:static — the browser client files (a bundle that cannot be read). */
export const staticLog: Log = /* @__PURE__ */ createLog('rtio:static');
