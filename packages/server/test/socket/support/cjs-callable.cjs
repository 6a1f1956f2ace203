// Child-process fixture, plain CommonJS on the built package (no tsx, no source condition): the
// classic tutorial form `require('@rtio/server')(httpServer, options)`. Prints what it saw, then
// exits by itself once io.close() has closed everything. Run by cjs-entry.test.ts after `pnpm build`.
'use strict';
const http = require('node:http');
const rtio = require('@rtio/server');
const { io: connect } = require('socket.io-client');

const httpServer = http.createServer();
const io = require('@rtio/server')(httpServer, { path: '/rt/' });
console.log(`callable: ${typeof rtio}, instance of Server: ${io instanceof rtio.Server}, named exports: ${typeof rtio.InMemoryAdapter}`);
io.on('connection', (socket) => socket.on('echo', (value, ack) => ack(value)));

httpServer.listen(0, '127.0.0.1', () => {
  const client = connect(`http://127.0.0.1:${httpServer.address().port}`, { path: '/rt/', reconnection: false });
  client.on('connect_error', (error) => {
    console.log(`connect_error: ${error.message}`);
    process.exitCode = 1;
    void io.close();
  });
  client.emitWithAck('echo', 'from cjs').then((value) => {
    console.log(`echo: ${value}`);
    client.close();
    return io.close();
  });
});
