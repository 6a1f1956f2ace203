// Builds the packages whose build is older than what it is made from (their sources, package.json,
// the build scripts, the packages they depend on): `pnpm start` runs it, so a second start is quick.
// `--all` builds every package (`pnpm build`). Each build leaves a stamp in .cache/build-stamps/; a
// package is stale when it has none or when any input is newer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Dependency order: a package is built after the ones it bundles or imports.
const ORDER = ['protocol', 'client', 'server', 'redis-adapter'];
const STAMPS = join(root, '.cache/build-stamps');
const BUILD_SCRIPTS = ['scripts/build-package.mjs', 'scripts/build-browser-bundle.mjs'].map((file) => join(root, file));

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const all = process.argv.includes('--all');
const built = new Map();
for (const name of ORDER) {
  const dir = join(root, 'packages', name);
  const { dependencies = {}, peerDependencies = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const internal = Object.keys({ ...dependencies, ...peerDependencies }).filter((dep) => dep.startsWith('@rtio/')).map((dep) => dep.slice('@rtio/'.length));
  const inputs = [join(dir, 'src'), join(dir, 'package.json'), join(dir, 'tsconfig.build.json'), ...BUILD_SCRIPTS];
  const inputTime = Math.max(...inputs.map(newest), ...internal.map((dep) => built.get(dep) ?? 0));
  const stamp = join(STAMPS, name);
  const stampTime = newest(stamp);
  if (!all && stampTime > inputTime && existsSync(join(dir, 'dist/index.js'))) {
    built.set(name, stampTime);
    continue;
  }
  execFileSync('pnpm', ['run', 'build'], { cwd: dir, stdio: 'inherit' });
  mkdirSync(STAMPS, { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  built.set(name, newest(stamp));
}
