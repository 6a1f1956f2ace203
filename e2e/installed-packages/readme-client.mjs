// Talks to the README's server example (node readme-client.mjs <port>): joins, says hello, gets
// the ack and the room's broadcast.
import { io } from '@rtio/client';

const socket = io(`http://127.0.0.1:${process.argv[2]}`);
const said = new Promise((resolve) => socket.once('said', (id, text) => resolve({ id, text })));
const reply = await socket.timeout(5000).emitWithAck('say', 'hello');
const { id, text } = await said;
if (reply !== 'ok' || id !== socket.id || text !== 'hello') throw new Error(`unexpected: ${JSON.stringify({ reply, id, text })}`);
socket.close();
console.log('readme: ok');
