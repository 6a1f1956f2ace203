// Express 5 with rtio on the same http server; the official socket.io-client connects with path /rt/.
import express from 'express';
import { Server } from '@rtio/server';
import { io as socketIoClient } from 'socket.io-client';

const app = express();
app.get('/hello', (_req, res) => res.send('hi'));
const httpServer = app.listen(0, '127.0.0.1');
await new Promise((resolve) => httpServer.once('listening', resolve));
const server = new Server(httpServer);
server.on('connection', (socket) => socket.on('echo', (value, ack) => ack(value)));
const base = `http://127.0.0.1:${httpServer.address().port}`;

const hello = await fetch(`${base}/hello`).then((response) => response.text());
const script = await fetch(`${base}/rt/client.js`);
if (hello !== 'hi') throw new Error(`express route: ${hello}`);
if (script.status !== 200 || !/javascript/.test(script.headers.get('content-type') ?? '')) throw new Error(`/rt/client.js: ${script.status}`);

const socket = socketIoClient(base, { path: '/rt/' });
const echoed = await socket.timeout(5000).emitWithAck('echo', { n: 1 });
if (echoed.n !== 1) throw new Error(`echo: ${JSON.stringify(echoed)}`);
const transport = await new Promise((resolve) => {
  if (socket.io.engine.transport.name === 'websocket') resolve('websocket');
  else socket.io.engine.once('upgrade', () => resolve('websocket'));
});
socket.close();
await server.close();
console.log(`express: ok (socket.io-client over ${transport})`);
