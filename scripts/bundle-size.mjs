// Prints the browser bundle's min+gzip size beside socket.io-client 4.8's, and fails over budget.
// Usage: node scripts/bundle-size.mjs   (after pnpm build)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 8000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

const ours = gzipSize(join(root, 'packages/client/dist/browser/rtio.min.js'));
const requireFromClient = createRequire(join(root, 'packages/client/package.json'));
const theirsFile = join(dirname(requireFromClient.resolve('socket.io-client/package.json')), 'dist/socket.io.min.js');
const theirs = gzipSize(theirsFile);
console.log('browser bundle, min+gzip (gzip -9):');
console.log(`  @rtio/client            ${String(ours).padStart(6)} bytes  (budget ${BUDGET})`);
console.log(`  socket.io-client 4.8    ${String(theirs).padStart(6)} bytes  (${(ours / theirs).toFixed(2)}x)`);
if (ours > BUDGET) {
  console.error(`FAIL: the bundle is ${ours - BUDGET} bytes over its ${BUDGET}-byte budget`);
  process.exit(1);
}
