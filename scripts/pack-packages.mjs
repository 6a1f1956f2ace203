// Makes the installable tarballs of the four packages, as `npm publish` through pnpm would publish
// them: `workspace:` ranges become real versions (npm pack would keep them, so pnpm packs).
// Usage: node scripts/pack-packages.mjs [destination]   (default: tarballs/ in the repository)
// Run `pnpm build` first: the tarballs carry dist/ as it is.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The published packages, in the order a user lists them. */
export const PACKAGES = ['server', 'client', 'protocol', 'redis-adapter'];

/** Packs every package into `destination`; returns the tarballs' absolute paths, in PACKAGES order. */
export function packPackages(destination) {
  mkdirSync(destination, { recursive: true });
  return PACKAGES.map((name) => {
    const dir = join(root, 'packages', name);
    const { name: packageName, version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, stdio: 'ignore' });
    return join(destination, `${packageName.replace('@', '').replace('/', '-')}-${version}.tgz`);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const destination = resolve(process.argv[2] ?? join(root, 'tarballs'));
  const tarballs = packPackages(destination);
  console.log(`packed ${tarballs.length} packages into ${destination}; in your project:`);
  console.log(`  npm install ${tarballs.join(' ')}`);
}
