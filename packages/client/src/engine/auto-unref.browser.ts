// Browsers: no process to keep running, so nothing to unref (called with locals, the empty call
// leaves no trace in the bundle). Picked by the `#auto-unref` imports map.
import type { UnrefTimer } from './platform.js';

export const unrefTimer: UnrefTimer = () => {};
