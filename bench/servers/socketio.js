// Socket.IO 4.8 with its defaults, running the bench application.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { installBenchApp, serveControl } from './control.js';

const httpServer = createServer();
const io = new Server(httpServer);
installBenchApp(io);
httpServer.listen(0, '127.0.0.1', () => {
  serveControl({ port: httpServer.address().port, path: '/socket.io/', stop: () => io.close() });
});
