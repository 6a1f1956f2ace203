// Builds one workspace package: ESM + CJS through esbuild, .d.ts through tsc.
// Usage (from the package folder): node ../../scripts/build-package.mjs [--cjs-callable=Class] [entry ...]
// --cjs-callable=Server: the CJS module is also a function, `require(pkg)(...args)` → `new Server(...args)`,
// the form classic Socket.IO code uses (`require('socket.io')(httpServer)`); its members stay as they are.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const entries = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const callable = flags.find((flag) => flag.startsWith('--cjs-callable='))?.slice('--cjs-callable='.length);
const entryPoints = entries.length > 0 ? entries : ['src/index.ts'];
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', { recursive: true, force: true });

const shared = {
  entryPoints,
  bundle: true,
  packages: 'external',
  // Subpath imports (#name) pick a file per platform at run time: keep them as imports.
  external: Object.keys(pkg.imports ?? {}),
  outbase: 'src',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  outdir: 'dist',
  logLevel: 'warning',
};
await build({ ...shared, format: 'esm', outExtension: { '.js': '.js' } });
const callableFooter = callable && [
  '{',
  '  const members = module.exports;',
  `  const callable = function (...args) { return new members.${callable}(...args); };`,
  '  for (const key of Object.keys(members)) Object.defineProperty(callable, key, { enumerable: true, get: () => members[key] });',
  "  Object.defineProperty(callable, '__esModule', { value: true });",
  '  module.exports = callable;',
  '}',
].join('\n');
await build({ ...shared, format: 'cjs', outExtension: { '.js': '.cjs' }, ...(callableFooter ? { footer: { js: callableFooter } } : {}) });

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log(`built ${pkg.name}: ${entryPoints.map((e) => basename(e)).join(', ')} -> ${join('dist')}`);
