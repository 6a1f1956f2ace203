// The main job until the chat example lands: a minimal rtio server on port 3000 (PORT overrides).
// Any Socket.IO 4 client connects with { path: '/rt/' }: it gets a welcome, and `echo` is acked back.
import { createServer } from 'node:http';
import { Server } from '@rtio/server';

const port = Number(process.env.PORT ?? 3000);
const httpServer = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('rtio is running. Connect a Socket.IO 4 client with { path: "/rt/" }.\n');
});
const io = new Server(httpServer);

io.on('connection', (socket) => {
  socket.emit('welcome', { id: socket.id, online: io.engine.clientsCount });
  socket.on('echo', (message, ack) => {
    if (typeof ack === 'function') ack(message);
  });
});

httpServer.listen(port, () => console.log(`rtio is listening on http://localhost:${port}`));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // Disconnects every client, then closes httpServer (as Socket.IO's close() does).
    void io.close().then(() => process.exit(0));
  });
}
