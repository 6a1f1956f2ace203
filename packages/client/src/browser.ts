// The <script src="/rt/client.js"> entry: exposes `io` as a global.
import { io } from './io.js';
import { Manager } from './manager.js';
import { Socket } from './socket.js';

declare global {
  /** Set by `<script src="/rt/client.js">` or `import '@rtio/client/bundle'`. */
  var io: typeof import('./io.js').io & { Manager: typeof Manager; Socket: typeof Socket; connect: typeof import('./io.js').io };
}

Object.assign(io, { Manager, Socket, connect: io });
(globalThis as { io?: unknown }).io = io;
