// Builds one workspace package: ESM + CJS through esbuild, declarations through tsc — `.d.ts` for
// import and the same declarations as `.d.cts` for require, so CommonJS TypeScript projects
// (module node16) see CommonJS types instead of ESM ones ("masquerading as ESM").
// Usage (from the package folder): node ../../scripts/build-package.mjs [--cjs-callable=Class] [entry ...]
// --cjs-callable=Server: the CJS module is also a function, `require(pkg)(...args)` → `new Server(...args)`,
// the form classic Socket.IO code uses (`require('socket.io')(httpServer)`); its members stay as they are.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
// CommonJS has no import.meta: code that reads import.meta.url checks __filename first.
const cjsDefine = { 'import.meta.url': 'undefined' };
await build({ ...shared, format: 'cjs', define: cjsDefine, outExtension: { '.js': '.cjs' }, ...(callableFooter ? { footer: { js: callableFooter } } : {}) });

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
writeCommonJsDeclarations('dist');
console.log(`built ${pkg.name}: ${entryPoints.map((e) => basename(e)).join(', ')} -> ${join('dist')}`);

/**
 * Next to every `x.d.ts` a `x.d.cts` (and its map) whose relative imports name `.cjs` files: in a
 * `"type": "module"` package a `.d.ts` is an ES module's declaration, so `require` needs its own.
 */
function writeCommonJsDeclarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
    const file = join(entry.parentPath, entry.name);
    const base = entry.name.slice(0, -'.d.ts'.length);
    const declarations = readFileSync(file, 'utf8')
      .replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*?)\.js(['"])/g, '$1.cjs$2')
      .replace(/\/\/# sourceMappingURL=.*\.d\.ts\.map/, `//# sourceMappingURL=${base}.d.cts.map`);
    writeFileSync(join(entry.parentPath, `${base}.d.cts`), declarations);
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
    writeFileSync(join(entry.parentPath, `${base}.d.cts.map`), JSON.stringify({ ...map, file: `${base}.d.cts` }));
  }
}
