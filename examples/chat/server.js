// The chat from the command line: `node examples/chat/server.js` (PORT overrides 3000, HOST the
// interface, CHAT_DATA_DIR the history's directory, examples/chat/data/ by default). With
// REDIS_URL (redis://host:6379) every node started on that Redis serves one chat: same rooms,
// same history, same online list. Stops cleanly on SIGINT / SIGTERM.
import { startChat } from './chat-server.js';

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`rtio chat: PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}

const redisUrl = process.env.REDIS_URL || undefined;
let chat;
try {
  chat = await startChat({ port, host: process.env.HOST || undefined, redisUrl, dataDir: process.env.CHAT_DATA_DIR || undefined });
} catch (error) {
  console.error(`rtio chat: cannot start on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

// Ctrl-C under `pnpm start` arrives twice (the terminal's and pnpm's forwarded one): any signal
// after the first is ignored, and the timer below ends a close() that hangs.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), 5000).unref();
    chat.close().then(
      () => process.exit(0),
      (error) => {
        console.error('rtio chat: error while stopping', error);
        process.exit(1);
      },
    );
  });
}
// Printed once Ctrl-C is handled: whoever waits for this line may stop the chat right away.
console.log(`rtio chat: http://localhost:${chat.port}${redisUrl ? ' (sharing rooms and history through Redis)' : ''}`);
