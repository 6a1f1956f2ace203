// What every bench server process shares: reports its port, answers memory requests, stops.
// The runner talks to it over the IPC channel; the load never goes through here.
import { writeHeapSnapshot } from 'node:v8';

/**
 * Announces `port` to the runner and serves its control messages until told to stop.
 * @param {{ port: number, path: string, stop: () => Promise<void> | void }} server
 */
export function serveControl({ port, path, stop }) {
  process.on('message', async (message) => {
    if (message.type === 'memory') {
      // Two passes: the first may only queue finalizers that free more in the second.
      globalThis.gc?.();
      globalThis.gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      process.send({ type: 'memory', heapUsed, rss, gc: typeof globalThis.gc === 'function' });
    } else if (message.type === 'heap-snapshot') {
      globalThis.gc?.();
      process.send({ type: 'heap-snapshot', file: writeHeapSnapshot(message.file) });
    } else if (message.type === 'stop') {
      await stop();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', port, path });
}

/**
 * The one application rtio and Socket.IO run (same API): the room named in the CONNECT auth is
 * joined, `echo` is acked with its argument, `bcast` sends its data to a room.
 */
export function installBenchApp(io) {
  io.on('connection', (socket) => {
    const room = socket.handshake.auth?.room;
    if (typeof room === 'string') socket.join(room);
    socket.on('echo', (data, ack) => ack(data));
    socket.on('bcast', (target, data) => io.to(target).emit('msg', data));
  });
}
