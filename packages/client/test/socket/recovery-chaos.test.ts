// Connection state recovery under chaos, checked in the style of Jepsen: clients in rooms behind
// their own TCP proxies, the server broadcasting numbered messages to the rooms and sending
// numbered direct emits, while the test resets (RST) a random client's connections every few
// hundred ms. Afterwards the checker proves, for every client, that each numbered stream arrived
// complete, once, in order, and reports the recovery rate and the drop-to-recovered latency.
// RTIO_CHAOS_SECONDS runs it longer (the short run is part of the test suite).
import { expect } from 'chai';
import { Disposer } from '../../../server/test/helpers/index.js';
import { startCuttableProxy } from '../../../server/test/helpers/cuttable-proxy.js';
import type { Socket as ServerSocket } from '../../../server/src/index.js';
import { io, type Socket } from '../../src/index.js';
import { closeClient, next } from './support/clients.js';
import { startRtio } from './support/servers.js';

const SECONDS = Number(process.env.RTIO_CHAOS_SECONDS ?? 4);
const CLIENTS = 8;
const ROOMS = ['red', 'green', 'blue'];

interface Observed {
  socket: Socket;
  room: string;
  /** What the app saw of each stream, in arrival order. */
  broadcasts: number[];
  directs: number[];
  connects: { recovered: boolean; at: number }[];
  drops: number[];
  /** Set once the load stopped: resolves when both streams' last number arrived. */
  settled?: { check(): void; done: Promise<void> };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The checker: every stream is exactly 1..sent, so nothing is lost, duplicated or reordered. */
function check(name: string, seen: number[], sent: number): string[] {
  const problems: string[] = [];
  const counts = new Map<number, number>();
  for (const n of seen) counts.set(n, (counts.get(n) ?? 0) + 1);
  const lost = sent - [...counts.keys()].filter((n) => n >= 1 && n <= sent).length;
  const duplicated = [...counts.values()].filter((count) => count > 1).length;
  const reordered = seen.filter((n, i) => i > 0 && n < seen[i - 1]!).length;
  if (lost) problems.push(`${name}: ${lost} lost`);
  if (duplicated) problems.push(`${name}: ${duplicated} duplicated`);
  if (reordered) problems.push(`${name}: ${reordered} reordered`);
  return problems;
}

describe('connection state recovery under chaos (in-memory adapter)', function () {
  this.timeout(SECONDS * 1000 + 30_000);
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it(`${CLIENTS} clients, a random one reset every 100–400 ms for ${SECONDS} s: 0 lost, 0 duplicated, 0 reordered`, async () => {
    const server = await startRtio(disposer, { connectionStateRecovery: { maxDisconnectionDuration: 30_000 } });
    const firstSockets = new Map<string, ServerSocket>();
    server.io.on('connection', (socket) => {
      if (!socket.recovered) {
        socket.join(socket.handshake.auth.room as string);
        firstSockets.set(socket.id, socket as ServerSocket);
      }
    });

    const observed: Observed[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const proxy = await startCuttableProxy(server.url);
      disposer.add(() => proxy.close());
      const room = ROOMS[i % ROOMS.length]!;
      const transports: ('polling' | 'websocket')[] = i % 2 === 0 ? ['websocket'] : ['polling'];
      const socket = io(proxy.url, { forceNew: true, transports, auth: { room }, reconnectionDelay: 20, reconnectionDelayMax: 100 });
      disposer.add(() => closeClient(socket));
      const entry: Observed = { socket, room, broadcasts: [], directs: [], connects: [], drops: [] };
      socket.on('b', (n: number) => {
        entry.broadcasts.push(n);
        entry.settled?.check();
      });
      socket.on('d', (n: number) => {
        entry.directs.push(n);
        entry.settled?.check();
      });
      socket.on('connect', () => entry.connects.push({ recovered: socket.recovered, at: performance.now() }));
      socket.on('disconnect', () => entry.drops.push(performance.now()));
      (entry as Observed & { reset: () => void }).reset = proxy.reset;
      observed.push(entry);
      await next(socket, 'connect', 4000);
    }

    // The load: every ms-tick a broadcast to each room and a direct emit to each client, through
    // the socket object of its first connection (as an app keeps it), numbered per stream.
    const sentPerRoom = new Map(ROOMS.map((room) => [room, 0]));
    const sentDirect = new Map<string, number>();
    const load = setInterval(() => {
      for (const room of ROOMS) {
        const n = sentPerRoom.get(room)! + 1;
        sentPerRoom.set(room, n);
        server.io.to(room).emit('b', n);
      }
      for (const [id, socket] of firstSockets) {
        const n = (sentDirect.get(id) ?? 0) + 1;
        sentDirect.set(id, n);
        socket.emit('d', n);
      }
    }, 2);
    let resets = 0;
    const chaosEnds = performance.now() + SECONDS * 1000;
    while (performance.now() < chaosEnds) {
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 300)); // the chaos schedule, not a wait for an event
      (observed[Math.floor(Math.random() * observed.length)] as Observed & { reset: () => void }).reset();
      resets++;
    }
    clearInterval(load);

    // Quiesce: a last numbered message on each stream, then wait until every client has it.
    const finalRoom = new Map(sentPerRoom);
    const finalDirect = new Map(sentDirect);
    const settled = observed.map((entry) => {
      let resolve!: () => void;
      const done = new Promise<void>((r) => (resolve = r));
      const id = entry.socket.id!;
      const check = () => {
        if (entry.broadcasts.includes(finalRoom.get(entry.room)!) && entry.directs.includes(finalDirect.get(id) ?? 0)) resolve();
      };
      entry.settled = { check, done };
      check();
      return done;
    });
    // A client that never settles shows up in the checker as lost messages.
    await Promise.race([Promise.all(settled), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);

    const problems: string[] = [];
    const latencies: number[] = [];
    let reconnects = 0;
    let recovered = 0;
    for (const [index, entry] of observed.entries()) {
      problems.push(...check(`client ${index} broadcasts`, entry.broadcasts, finalRoom.get(entry.room)!));
      problems.push(...check(`client ${index} direct emits`, entry.directs, finalDirect.get(entry.socket.id!) ?? 0));
      for (const [i, connect] of entry.connects.slice(1).entries()) {
        reconnects++;
        if (connect.recovered) recovered++;
        const drop = entry.drops[i];
        if (drop !== undefined) latencies.push(connect.at - drop);
      }
    }
    latencies.sort((a, b) => a - b);
    const messages = [...finalRoom.values()].reduce((a, b) => a + b, 0) + [...finalDirect.values()].reduce((a, b) => a + b, 0);
    console.log(
      `      ${resets} resets, ${reconnects} reconnects, ${recovered} recovered (${((100 * recovered) / Math.max(1, reconnects)).toFixed(1)}%), ` +
        `${messages} numbered messages; drop → recovered connect p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
    );
    expect(problems).to.deep.equal([]);
    expect(reconnects).to.be.greaterThan(0);
    expect(recovered).to.equal(reconnects);
  });
});
