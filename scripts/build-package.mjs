// Builds one workspace package: ESM + CJS through esbuild, .d.ts through tsc.
// Usage (from the package folder): node ../../scripts/build-package.mjs [entry ...]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const entries = process.argv.slice(2);
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
await build({ ...shared, format: 'cjs', outExtension: { '.js': '.cjs' } });

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
console.log(`built ${pkg.name}: ${entryPoints.map((e) => basename(e)).join(', ')} -> ${join('dist')}`);
