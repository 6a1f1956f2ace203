// The measured workloads. Each runs in the load process against one server and returns the
// server's CPU time over the measured window with the operations done in it.
import { cpuWindow } from '../lib/cpu.js';
import { connectPolling } from '../lib/polling-client.js';
import { percentile } from '../lib/stats.js';
import { closeAll, connectMany, connectWebSocket } from '../lib/ws-client.js';

const CHAT_MESSAGE = JSON.stringify({ user: 'bench', text: 'the quick brown fox jumps over the lazy dog' });
const BROADCAST_TEXT = 'x'.repeat(100);
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function summary(ops, window, latenciesMs) {
  return {
    ops,
    cpuMicros: window.cpuMicros,
    elapsedMs: window.elapsedMs,
    cpuPerOp: window.cpuMicros / ops,
    opsPerSec: (ops * 1000) / window.elapsedMs,
    ...(latenciesMs && { p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99) }),
  };
}

/** Lets a running load warm up, then measures the server over `durationMs` with counting on. */
async function timedWindow(target, warmupMs, durationMs, setCounting) {
  await delay(warmupMs);
  setCounting(true);
  const window = cpuWindow(target.pid);
  await delay(durationMs);
  const measured = window.stop();
  setCounting(false);
  return measured;
}

/** Closed loop: every client sends an event with an ack id and sends the next when acked. */
async function echo(target, { clients: count, warmupMs, durationMs }) {
  const { clients } = await connectMany(target, count, 50);
  let counting = false;
  let running = true;
  let ops = 0;
  let inFlight = 0;
  let allDone;
  const latenciesMs = [];
  for (const client of clients) {
    let ackId = 0;
    let sentAt = 0;
    const sendNext = () => {
      inFlight++;
      sentAt = performance.now();
      client.ws.send(`42${ackId++}["echo",${CHAT_MESSAGE}]`);
    };
    client.onPacket = (data) => {
      if (data[0] !== 0x34 || data[1] !== 0x33) return; // only acks (43…)
      inFlight--;
      if (counting) {
        ops++;
        latenciesMs.push(performance.now() - sentAt);
      }
      if (running) sendNext();
      else if (inFlight === 0) allDone();
    };
    client.start = sendNext;
  }
  for (const client of clients) client.start();
  const measured = await timedWindow(target, warmupMs, durationMs, (on) => (counting = on));
  const drained = new Promise((resolve) => (allDone = resolve));
  running = false;
  await drained;
  closeAll(clients);
  return summary(ops, measured, latenciesMs);
}

/** One publisher, a room of `members`: bursts of `messages` events, each to the whole room. */
async function broadcast(target, { members, messages, bursts, warmupBursts }) {
  const { clients } = await connectMany(target, members, 50, { auth: { room: 'r' } });
  const publisher = await connectWebSocket(target);
  let received = 0;
  let expected = 0;
  let burstDone;
  const onPacket = (data) => {
    if (data[0] === 0x34 && data[1] === 0x32 && ++received === expected) burstDone();
  };
  for (const client of clients) client.onPacket = onPacket;
  const frame = `42["bcast","r","${BROADCAST_TEXT}"]`;
  const burst = () => {
    received = 0;
    expected = members * messages;
    const done = new Promise((resolve) => (burstDone = resolve));
    for (let i = 0; i < messages; i++) publisher.ws.send(frame);
    return done;
  };
  for (let i = 0; i < warmupBursts; i++) await burst();
  const burstMs = [];
  const window = cpuWindow(target.pid);
  for (let i = 0; i < bursts; i++) {
    const startedAt = performance.now();
    await burst();
    burstMs.push(performance.now() - startedAt);
  }
  const measured = window.stop();
  closeAll([...clients, publisher]);
  return { ...summary(members * messages * bursts, measured), p50Ms: percentile(burstMs, 50), p99Ms: percentile(burstMs, 99) };
}

/** Heap (after gc) and RSS the server holds per idle connected client. */
async function idleMemory(target, { connections, inFlight }, control) {
  const before = await control.memory();
  const { clients } = await connectMany(target, connections, inFlight);
  const after = await control.memory();
  closeAll(clients);
  return {
    ops: connections,
    heapPerConnection: (after.heapUsed - before.heapUsed) / connections,
    rssPerConnection: (after.rss - before.rss) / connections,
    gc: after.gc,
  };
}

/** Full connects (WebSocket handshake, open packet, namespace CONNECT and its answer). */
async function connect(target, { connections, inFlight, warmup }) {
  const { clients: warm } = await connectMany(target, warmup, inFlight);
  const window = cpuWindow(target.pid);
  const { clients, latenciesMs } = await connectMany(target, connections, inFlight);
  const measured = window.stop();
  closeAll([...warm, ...clients]);
  return summary(connections, measured, latenciesMs);
}

/** Closed loop over long-polling: a GET held, the event POSTed, the ack read from the GET. */
async function pollingEcho(target, { clients: count, warmupMs, durationMs }) {
  const clients = await Promise.all(Array.from({ length: count }, () => connectPolling(target)));
  let counting = false;
  let running = true;
  let ops = 0;
  const latenciesMs = [];
  const loop = async (client) => {
    let ackId = 0;
    while (running) {
      const startedAt = performance.now();
      const reply = client.poll();
      await client.post(`42${ackId++}["echo",${CHAT_MESSAGE}]`);
      const packets = await reply;
      if (!packets.some((packet) => packet.startsWith('43'))) throw new Error(`no ack in ${packets.join('|')}`);
      if (counting) {
        ops++;
        latenciesMs.push(performance.now() - startedAt);
      }
    }
  };
  const loops = Promise.all(clients.map(loop));
  const measured = await timedWindow(target, warmupMs, durationMs, (on) => (counting = on));
  running = false;
  await loops;
  for (const client of clients) client.close();
  return summary(ops, measured, latenciesMs);
}

export const WORKLOADS = { echo, broadcast, idleMemory, connect, pollingEcho };
