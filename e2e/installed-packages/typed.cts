// The same under CommonJS (module node16, a .cts file): require resolves the .d.cts declarations.
import { createServer } from 'node:http';
import { Server } from '@rtio/server';
import { io, type Socket } from '@rtio/client';
import { createAdapter } from '@rtio/redis-adapter';
import { PacketDecoder } from '@rtio/protocol';
import '@rtio/client/bundle';

const server = new Server<{ ping: (ack: (reply: 'pong') => void) => void }>(createServer(), { path: '/rt/' });
server.on('connection', (socket) => socket.on('ping', (ack) => ack('pong')));
const client: Socket = io('http://localhost:3000');
// @ts-expect-error: connect takes no arguments
client.connect(1);

export = { server, client, createAdapter, PacketDecoder, bundled: globalThis.io };
