// What `pnpm bench` measures: the servers, the workloads with their full and smoke sizes, and
// the targets (rtio's CPU per operation as a ratio of Socket.IO's, measured in the same run).

export const SERVERS = [
  { id: 'rtio', title: 'rtio', script: 'servers/rtio.js' },
  { id: 'socketio', title: 'Socket.IO 4.8', script: 'servers/socketio.js' },
  { id: 'raw-ws', title: 'raw ws', script: 'servers/raw-ws.js' },
];

const echoSize = (clients) => ({
  full: { clients, warmupMs: 1000, durationMs: 3000 },
  smoke: { clients: Math.min(clients, 5), warmupMs: 100, durationMs: 300 },
});

function broadcast(members, full, smoke) {
  return {
    id: `broadcast-${members}`,
    title: `broadcast, room of ${members.toLocaleString('en-US')}`,
    kind: 'broadcast',
    unit: 'delivery',
    units: 'deliveries',
    target: 0.1,
    full: { members, ...full },
    smoke,
  };
}

export const WORKLOADS = [
  { id: 'echo-50', title: 'echo + ack, 50 clients', kind: 'echo', unit: 'round trip', target: 0.65, ...echoSize(50) },
  { id: 'echo-500', title: 'echo + ack, 500 clients', kind: 'echo', unit: 'round trip', target: 0.65, ...echoSize(500) },
  broadcast(1000, { messages: 20, bursts: 10, warmupBursts: 3 }, { members: 20, messages: 3, bursts: 1, warmupBursts: 1 }),
  broadcast(5000, { messages: 20, bursts: 4, warmupBursts: 2 }, { members: 50, messages: 3, bursts: 1, warmupBursts: 1 }),
  {
    id: 'idle-10000',
    title: 'idle memory, 10,000 connections',
    kind: 'idleMemory',
    unit: 'connection',
    target: 0.4,
    full: { connections: 10000, inFlight: 100 },
    smoke: { connections: 100, inFlight: 20 },
  },
  {
    id: 'connect-1000',
    title: 'connect, 1,000 (50 in flight)',
    kind: 'connect',
    unit: 'connection',
    target: 0.55,
    full: { connections: 1000, inFlight: 50, warmup: 200 },
    smoke: { connections: 30, inFlight: 10, warmup: 10 },
  },
  {
    id: 'polling-50',
    title: 'long-polling echo, 50 clients',
    kind: 'pollingEcho',
    unit: 'round trip',
    target: 0.75,
    full: { clients: 50, warmupMs: 1000, durationMs: 3000 },
    smoke: { clients: 3, warmupMs: 100, durationMs: 300 },
  },
];

export const BUNDLE_BUDGET_BYTES = 8000;
