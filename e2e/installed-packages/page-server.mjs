// Serves the two pages and the SPA bundle, with rtio on the same server; prints its port.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Server } from '@rtio/server';

const pages = { '/': 'script-tag.html', '/spa': 'spa.html', '/spa.js': 'out/spa.js' };
const httpServer = createServer(async (req, res) => {
  if (req.url === '/favicon.ico') return res.writeHead(204).end();
  const file = pages[req.url ?? ''];
  if (!file) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' });
  res.end(await readFile(new URL(file, import.meta.url)));
});
const server = new Server(httpServer);
server.on('connection', (socket) => {
  socket.join('lobby');
  socket.on('say', (text, ack) => {
    server.to('lobby').emit('said', socket.id, text);
    ack('ok');
  });
});
httpServer.listen(0, '127.0.0.1', () => console.log(`listening on ${httpServer.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
