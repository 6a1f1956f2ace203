// The <script src="/rt/client.js"> entry: exposes `io` as a global.
import { io } from './io.js';
import { Manager } from './manager.js';
import { Socket } from './socket.js';

Object.assign(io, { Manager, Socket, connect: io });
(globalThis as { io?: unknown }).io = io;
