// Debug logs of the connection's life through the `debug` package, as socket.io-client's:
// `DEBUG=rtio:*` in Node, `localStorage.debug = 'rtio:*'` in a browser (debug build).
// The minified browser bundles are built with `globalThis.RTIO_LOGS` defined as false: every call
// site is written `if (LOGS) log(...)`, so the minifier drops the calls, their strings and `debug`.
import createDebug from 'debug';

declare global {
  /** false in builds without logs (set by the bundler's define). */
  var RTIO_LOGS: boolean | undefined;
}

/** Whether this build logs at all (whether a namespace is enabled is debug's business). */
export const LOGS: boolean = globalThis.RTIO_LOGS !== false;

/** rtio:engine — handshake, transports, upgrade, heartbeat, why the connection closed. */
export const engineLog = /* @__PURE__ */ createDebug('rtio:engine');
/** rtio:manager — reconnection schedule, attempts, the connection's open and close. */
export const managerLog = /* @__PURE__ */ createDebug('rtio:manager');
/** rtio:socket — namespace connects, refusals and disconnects. */
export const socketLog = /* @__PURE__ */ createDebug('rtio:socket');
