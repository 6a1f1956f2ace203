// CommonJS, as older Node apps and Socket.IO's own examples write it.
const assert = require('node:assert/strict');
const { createServer } = require('node:http');
const rtio = require('@rtio/server');
const { Server } = require('@rtio/server');
const { io, Manager } = require('@rtio/client');
const { createAdapter } = require('@rtio/redis-adapter');
const { PacketDecoder } = require('@rtio/protocol');

assert.equal(typeof createAdapter, 'function');
assert.equal(typeof PacketDecoder, 'function');
assert.equal(typeof Manager, 'function');
require('@rtio/client/bundle'); // the <script> build: sets the global io
assert.equal(typeof globalThis.io, 'function');

const httpServer = createServer();
const server = rtio(httpServer); // the classic `require('socket.io')(httpServer)` form
assert.ok(server instanceof Server);
server.on('connection', (socket) => socket.on('ping', (ack) => ack('pong')));
httpServer.listen(0, '127.0.0.1', () => {
  const socket = io(`http://127.0.0.1:${httpServer.address().port}`);
  socket.emit('ping', (reply) => {
    assert.equal(reply, 'pong');
    socket.close();
    server.close(() => console.log('require: ok'));
  });
});
