// A typed server and Node client (ESM under module node16). The @ts-expect-error lines prove the
// types are real: with `any` they would be unused, and tsc fails on an unused one.
import { createServer } from 'node:http';
import { Server, type Socket } from '@rtio/server';
import { io } from '@rtio/client';
import { createAdapter } from '@rtio/redis-adapter';
import { ProtocolError } from '@rtio/protocol';

interface ClientToServer { say: (text: string, ack: (reply: string) => void) => void }
interface ServerToClient { said: (id: string, text: string) => void }
interface SocketData { name: string }

const io$ = new Server<ClientToServer, ServerToClient, Record<string, never>, SocketData>(createServer());
io$.on('connection', (socket: Socket<ClientToServer, ServerToClient, Record<string, never>, SocketData>) => {
  socket.data.name = 'alice';
  socket.on('say', (text, ack) => {
    io$.to('lobby').emit('said', socket.id, text);
    ack(text.toUpperCase());
  });
  // @ts-expect-error: said takes (id, text), not a number
  socket.emit('said', 42);
});

const client = io<ServerToClient, ClientToServer>('http://localhost:3000', { transports: ['websocket'] });
client.on('said', (id, text) => console.log(id.length, text.length));
export const reply: Promise<string> = client.timeout(1000).emitWithAck('say', 'hi');
// @ts-expect-error: no such event
client.emit('shout', 'hi');

export const adapter: typeof createAdapter = createAdapter;
export const isProtocolError = (error: unknown): boolean => error instanceof ProtocolError;
