// Debug logs of the connection's life through the `debug` package, as socket.io-client's:
// `DEBUG=rtio:*` in Node, `localStorage.debug = 'rtio:*'` in a browser (debug build).
// The minified browser bundles are built with `globalThis.RTIO_LOGS` defined as false: every call
// site is written `if (LOGS) log(...)`, so the minifier drops the calls, their strings and `debug`.
import createDebug from 'debug';

declare global {
  /** false in builds without logs (set by the bundler's define). */
  var RTIO_LOGS: boolean | undefined;
}

/** A `debug` logger as rtio uses it (its own type, so the declarations need no @types/debug). */
export interface Log {
  (formatter: string, ...args: unknown[]): void;
  readonly enabled: boolean;
}

/** Whether this build logs at all (whether a namespace is enabled is debug's business). */
export const LOGS: boolean = globalThis.RTIO_LOGS !== false;

/** rtio:engine — handshake, transports, upgrade, heartbeat, why the connection closed. */
export const engineLog: Log = /* @__PURE__ */ createDebug('rtio:engine');
/** rtio:manager — reconnection schedule, attempts, the connection's open and close. */
export const managerLog: Log = /* @__PURE__ */ createDebug('rtio:manager');
/** rtio:socket — namespace connects, refusals and disconnects. */
export const socketLog: Log = /* @__PURE__ */ createDebug('rtio:socket');
