// Child-process fixture, plain CommonJS on the built package: @socket.io/sticky in front of two
// cluster workers running rtio, as Socket.IO's docs set it up. The primary listens, routes each
// polling request by its sid, and connects polling-only socket.io-clients (every request of a
// session must reach the worker that holds it). Prints one JSON line with what it saw, then exits.
'use strict';
const cluster = require('node:cluster');
const http = require('node:http');
const { setupPrimary, setupWorker } = require('@socket.io/sticky');

const WORKERS = 2;
const CLIENTS = 6;
const ROUNDS = 5;

if (cluster.isPrimary) {
  const httpServer = http.createServer();
  setupPrimary(httpServer, { loadBalancingMethod: 'round-robin' });
  cluster.setupPrimary({ serialization: 'advanced' }); // sticky sends Buffers over IPC
  let ready = 0;
  for (let i = 0; i < WORKERS; i++) {
    cluster.fork().on('message', (message) => {
      if (message === 'ready' && ++ready === WORKERS) httpServer.listen(0, '127.0.0.1', () => void run(httpServer));
    });
  }
} else {
  const { Server } = require('@rtio/server');
  const httpServer = http.createServer();
  const io = new Server(httpServer, { path: '/rt/' });
  io.on('connection', (socket) => socket.on('where', (round, ack) => ack({ pid: process.pid, round, transport: socket.conn.transport.name })));
  setupWorker(io);
  process.send('ready');
  process.on('disconnect', () => void io.close().then(() => process.exit(0)));
}

async function run(httpServer) {
  const { io: connect } = require('socket.io-client');
  const url = `http://127.0.0.1:${httpServer.address().port}`;
  const report = { connected: 0, answers: 0, samePidPerClient: true, transports: [], pids: [], errors: [] };
  const clients = [];
  try {
    for (let i = 0; i < CLIENTS; i++) {
      const client = connect(url, { path: '/rt/', transports: ['polling'], reconnection: false, forceNew: true });
      clients.push(client);
      await new Promise((resolve, reject) => {
        client.once('connect', resolve);
        client.once('connect_error', reject);
      });
      report.connected++;
    }
    await Promise.all(
      clients.map(async (client) => {
        const pids = new Set();
        for (let round = 0; round < ROUNDS; round++) {
          const answer = await client.timeout(3000).emitWithAck('where', round);
          if (answer.round !== round) throw new Error(`answer for round ${answer.round} in round ${round}`);
          pids.add(answer.pid);
          report.transports.push(answer.transport);
          report.answers++;
        }
        if (pids.size !== 1) report.samePidPerClient = false;
        report.pids.push([...pids][0]);
      }),
    );
  } catch (error) {
    report.errors.push(String(error && error.message));
  }
  report.pids = [...new Set(report.pids)].length;
  report.transports = [...new Set(report.transports)];
  for (const client of clients) client.close();
  console.log(JSON.stringify(report));
  httpServer.close();
  for (const worker of Object.values(cluster.workers)) worker.disconnect();
}
