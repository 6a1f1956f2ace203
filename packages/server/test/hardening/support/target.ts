// Child-process fixture for attack tests: an app, rtio on /rt/ and another ws server on /ws on one
// http server, as a real deployment has them. It reports every uncaught exception and unhandled
// rejection to the parent (then dies, as a real app would) and answers state requests over IPC.
// argv[2]: the TargetConfig as JSON. Run by target-process.ts with --expose-gc.
import http from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { WebSocketServer } from 'ws';
import { InMemoryAdapter, Server, type ServerOptions } from '../../../src/index.js';
import type { TargetConfig, TargetReply, TargetRequest, TargetState } from './target-protocol.js';

const config = JSON.parse(process.argv[2] ?? '{}') as TargetConfig;

function report(message: TargetReply): void {
  process.send?.(message);
}

function die(origin: string, error: unknown): void {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`target: ${origin}: ${stack}\n`);
  // Exit once the report is out, so the parent sees what killed the app.
  process.send?.({ kind: 'crash', origin, stack } satisfies TargetReply, () => process.exit(70));
}
process.on('uncaughtException', (error) => die('uncaughtException', error));
process.on('unhandledRejection', (error) => die('unhandledRejection', error));

// The app: what Express or any handler would serve beside rtio.
const httpServer = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(`app ${req.method} ${req.url?.slice(0, 40)}`);
});
httpServer.keepAliveTimeout = 500; // idle connections of the attackers go soon

const accepted = new Set<NetSocket>();
httpServer.on('connection', (socket) => {
  accepted.add(socket);
  socket.once('close', () => {
    accepted.delete(socket);
    checkQuiet();
  });
});

// Another WebSocket server of the app, on its own path, beside rtio's (unless rtio is to be alone).
if (config.appWebSocket !== false) {
  const appWss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  httpServer.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/ws')) return;
    appWss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => ws.terminate());
      ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
  });
}

const options: Partial<ServerOptions> = {
  path: '/rt/',
  pingInterval: 300,
  pingTimeout: 1000, // the fuzzer's witness must not lose its session to a busy moment of a loaded machine
  connectTimeout: 600,
  upgradeTimeout: 600,
  maxHttpBufferSize: 20_000,
};
if (config.destroyUpgradeTimeout !== undefined) options.destroyUpgradeTimeout = config.destroyUpgradeTimeout;
if (config.variant === 'strict') {
  // Every asynchronous decision point, compression on both transports.
  Object.assign(options, {
    perMessageDeflate: { threshold: 16 },
    httpCompression: { threshold: 16 },
    cors: {
      origin: (origin: string | undefined, callback: (error: Error | null, allow?: boolean) => void) =>
        setImmediate(() => callback(null, origin !== 'http://evil.example')),
      credentials: true,
    },
    allowRequest: (req: http.IncomingMessage, callback: (error: string | null, allow: boolean) => void) =>
      setImmediate(() => callback(req.headers['x-deny'] === undefined ? null : 'denied', req.headers['x-deny'] === undefined)),
  } satisfies Partial<ServerOptions>);
}
const io = new Server(httpServer, options);
io.on('error', () => {}); // handler errors are reported here; the attacks provoke some on purpose

io.use((socket, next) => next(socket.handshake.auth.reject === true ? new Error('rejected by middleware') : undefined));
io.on('connection', (socket) => {
  socket.on('echo', (...args: unknown[]) => {
    const ack = args.pop();
    if (typeof ack === 'function') ack(...args);
  });
  socket.on('join', (room: unknown) => void socket.join(String(room)));
  socket.on('leave', (room: unknown) => void socket.leave(String(room)));
  socket.on('shout', (room: unknown, ...args: unknown[]) => void io.to(String(room)).emit('shout', ...args));
  socket.on('bin', (ack: unknown) => typeof ack === 'function' && ack(Buffer.from([1, 2, 3])));
  socket.on('throw', () => {
    throw new Error('a handler that throws');
  });
  socket.on('reject', async () => {
    throw new Error('an async handler that rejects');
  });
  socket.on('bye', () => socket.disconnect(true));
});
io.of('/admin')
  .use((socket, next) => next(socket.handshake.auth.token === 'ok' ? undefined : new Error('not authorized')))
  .on('connection', (socket) => socket.on('echo', (value: unknown, ack: unknown) => typeof ack === 'function' && ack(value)));
io.of(/^\/dyn-\d$/).on('connection', (socket) => socket.on('echo', (value: unknown, ack: unknown) => typeof ack === 'function' && ack(value)));

function roomCount(): number {
  let rooms = 0;
  for (const namespace of [io.of('/'), io.of('/admin')]) rooms += (namespace.adapter as InMemoryAdapter).rooms.size;
  return rooms;
}

function state(id: number, collect: boolean): TargetState {
  if (collect) globalThis.gc?.();
  return {
    kind: 'state',
    id,
    sessions: io.engine.clientsCount,
    sockets: io.of('/').sockets.size + io.of('/admin').sockets.size,
    rooms: roomCount(),
    connections: accepted.size,
    heapUsed: process.memoryUsage().heapUsed,
  };
}

/** Quiet requests waiting for every count to reach 0. */
let waiting: number[] = [];

function checkQuiet(): void {
  if (waiting.length === 0) return;
  // After the close handlers of this tick have run (rooms are left after 'disconnect').
  setImmediate(() => {
    const now = state(0, false);
    if (now.sessions + now.sockets + now.rooms + now.connections > 0) return;
    const ids = waiting;
    waiting = [];
    for (const id of ids) report({ ...now, id });
  });
}
io.engine.on('connection', (session) => session.on('close', checkQuiet));

process.on('message', (message: TargetRequest) => {
  if (message.kind === 'state') report(state(message.id, message.gc));
  else if (message.kind === 'quiet') {
    waiting.push(message.id);
    checkQuiet();
  }
  else if (message.kind === 'stop') void io.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0)); // the parent is gone

httpServer.listen(0, '127.0.0.1', () => report({ kind: 'ready', port: (httpServer.address() as AddressInfo).port }));
