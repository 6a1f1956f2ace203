// The ES module the server serves (<path>client.esm.min.js, <path>socket.io.esm.min.js): io()
// defaults to the path the module was loaded from, so `import { io } from '/socket.io/socket.io.esm.min.js'`
// then `io()` talks to that server's engine.
import { io as connectTo } from './io.js';
import type { IoOptions } from './options.js';
import type { Socket } from './socket.js';

const servedPath = new URL('.', import.meta.url).pathname;

/** io(url?, options?) with `path` defaulting to the directory this module was served from. */
export function io(url?: string | IoOptions, options: IoOptions = {}): Socket {
  if (typeof url === 'object') return connectTo({ path: servedPath, ...url });
  return connectTo(url, { path: servedPath, ...options });
}

export { Manager } from './manager.js';
export { Socket } from './socket.js';
export { io as connect, io as default };
