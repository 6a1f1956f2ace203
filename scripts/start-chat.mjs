// `pnpm start`: builds what is stale, then runs the chat in this same process, so Ctrl-C reaches
// the chat's own SIGINT handler (io.close(), exit 0) with no shell in between to die of it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

execFileSync(process.execPath, [fileURLToPath(new URL('build-stale.mjs', import.meta.url))], { stdio: 'inherit' });
await import('../examples/chat/server.js');
