// Prints the browser bundle's min+gzip size beside socket.io-client 4.8's, and fails over budget.
// Usage: node scripts/bundle-size.mjs   (after pnpm build). bench/ imports measureBundles().
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET = 8000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** min+gzip bytes of @rtio/client's browser bundle and of socket.io-client 4.8's. */
export function measureBundles() {
  const ours = gzipSize(join(root, 'packages/client/dist/browser/rtio.min.js'));
  const requireFromClient = createRequire(join(root, 'packages/client/package.json'));
  const theirsFile = join(dirname(requireFromClient.resolve('socket.io-client/package.json')), 'dist/socket.io.min.js');
  return { ours, theirs: gzipSize(theirsFile) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ours, theirs } = measureBundles();
  console.log('browser bundle, min+gzip (gzip -9):');
  console.log(`  @rtio/client            ${String(ours).padStart(6)} bytes  (budget ${BUDGET})`);
  console.log(`  socket.io-client 4.8    ${String(theirs).padStart(6)} bytes  (${(ours / theirs).toFixed(2)}x)`);
  if (ours > BUDGET) {
    console.error(`FAIL: the bundle is ${ours - BUDGET} bytes over its ${BUDGET}-byte budget`);
    process.exit(1);
  }
}
