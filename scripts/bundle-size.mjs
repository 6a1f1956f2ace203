// Prints the browser client's sizes beside socket.io-client 4.8's, and fails over budget:
//   /rt/client.js (dist/browser/rtio.min.js), min+gzip -9                          ≤ 8,150 B
//   `import { io } from '@rtio/client'` bundled by esbuild --minify from the packed
//   package (pnpm pack, unpacked into a fresh node_modules), gzip -9             ≤ 8,500 B
// Usage: node scripts/bundle-size.mjs   (after pnpm build). bench/ imports measureBundles().
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// 8,000 until the client learnt connection state recovery (pid, offsets, `recovered`: +~100 B).
export const BUDGET = 8150;
export const SPA_BUDGET = 8500;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gzipSize = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const requireFromClient = createRequire(join(root, 'packages/client/package.json'));

/** min+gzip bytes of @rtio/client's browser bundle and of socket.io-client 4.8's. */
export function measureBundles() {
  const ours = gzipSize(join(root, 'packages/client/dist/browser/rtio.min.js'));
  const theirsFile = join(dirname(requireFromClient.resolve('socket.io-client/package.json')), 'dist/socket.io.min.js');
  return { ours, theirs: gzipSize(theirsFile) };
}

/** esbuild --minify of `import { io } from <pkg>; io()` written in `dir`, gzip -9 bytes. */
async function spaSize(pkg, dir, nodePaths = []) {
  const entry = join(dir, `entry-${pkg.replace(/\W/g, '-')}.js`);
  writeFileSync(entry, `import { io } from '${pkg}';\nio();\n`);
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, platform: 'browser', format: 'esm', write: false, nodePaths, logLevel: 'error' });
  return gzipSync(Buffer.from(result.outputFiles[0].contents), { level: 9 }).length;
}

/**
 * The SPA figure, from what a user installs: the packed @rtio/client and @rtio/protocol unpacked
 * into a temporary node_modules (their own dependencies resolved from the workspace's store).
 */
export async function measureSpaBundles() {
  const dir = mkdtempSync(join(tmpdir(), 'rtio-spa-'));
  try {
    const modules = join(dir, 'node_modules');
    for (const name of ['protocol', 'client']) {
      execFileSync('pnpm', ['pack', '--pack-destination', dir], { cwd: join(root, 'packages', name), stdio: 'ignore' });
      const tarball = readdirSync(dir).find((file) => file.startsWith(`rtio-${name}-`) && file.endsWith('.tgz'));
      const target = join(modules, '@rtio', name);
      mkdirSync(target, { recursive: true });
      execFileSync('tar', ['-xzf', join(dir, tarball), '-C', target, '--strip-components=1']);
    }
    // The browser entry is self-contained: nothing but the unpacked packages is on the resolve path.
    const ours = await spaSize('@rtio/client', dir);
    const theirs = await spaSize('socket.io-client', dir, [dirname(dirname(requireFromClient.resolve('socket.io-client/package.json')))]);
    return { ours, theirs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ours, theirs } = measureBundles();
  const spa = await measureSpaBundles();
  const line = (label, size, budget, other) =>
    console.log(`  ${label.padEnd(44)} ${String(size).padStart(6)} bytes  (budget ${budget}; socket.io-client 4.8: ${other}, ${(size / other).toFixed(2)}x)`);
  console.log('browser client, min+gzip (gzip -9):');
  line('/rt/client.js (dist/browser/rtio.min.js)', ours, BUDGET, theirs);
  line("SPA: import { io } from '@rtio/client' (packed)", spa.ours, SPA_BUDGET, spa.theirs);
  let failed = false;
  if (ours > BUDGET) failed = !console.error(`FAIL: /rt/client.js is ${ours - BUDGET} bytes over its ${BUDGET}-byte budget`);
  if (spa.ours > SPA_BUDGET) failed = !console.error(`FAIL: the SPA bundle is ${spa.ours - SPA_BUDGET} bytes over its ${SPA_BUDGET}-byte budget`);
  if (failed) process.exit(1);
}
