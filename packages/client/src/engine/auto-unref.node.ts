// Node: with autoUnref, the engine's and the manager's timers do not keep the process running (as
// socket.io-client's heartbeat and reconnect timers; ack timers stay as they are, as there).
// Picked by the `#auto-unref` imports map.
import type { UnrefTimer } from './platform.js';

export const unrefTimer: UnrefTimer = (timer, options) => {
  if (options.autoUnref) (timer as { unref?: () => void } | undefined)?.unref?.(); // a test clock's number has none
};
