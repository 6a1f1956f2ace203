// Child-process fixture: start a server, exchange one event, close everything, and let Node exit
// on its own (no process.exit). Run by process-exit.test.ts; argv[2] is the client's transport mode.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSocket, Server, type Mode } from './server-under-test.js';

const mode = (process.argv[2] ?? 'websocket') as Mode;
const httpServer = http.createServer();
const io = new Server(httpServer, { path: '/rt/' });
io.on('connection', (socket) => socket.on('hello', (name: string, ack: (r: string) => void) => ack(`hi ${name}`)));

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  const client = createSocket(`http://127.0.0.1:${port}`, '/', { mode });
  client.on('connect_error', (error) => {
    process.exitCode = 2;
    process.stderr.write(`connect_error: ${error.message}\n`);
    client.close();
    void io.close();
    httpServer.close();
  });
  client.once('connect', async () => {
    const answer = await client.timeout(2000).emitWithAck('hello', 'child');
    process.stdout.write(`${String(answer)}\n`);
    client.close();
    await io.close();
    httpServer.close();
  });
});
