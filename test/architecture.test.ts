// Architecture checks over the real import graph (esbuild's metafile): purity, cycles, layering.
import { expect } from 'chai';
import { build, type Metafile } from 'esbuild';
import { builtinModules } from 'node:module';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = readdirSync(join(root, 'packages'));
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

async function importGraph(entry: string, platform: 'browser' | 'node'): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform,
    format: 'esm',
    conditions: ['rtio-source'],
    logLevel: 'silent',
    packages: platform === 'node' ? 'external' : undefined,
  });
  return result.metafile;
}

/** Every cycle among the given package's own source files, as a list of paths. */
function cyclesIn(metafile: Metafile, prefix: string): string[][] {
  const edges = new Map<string, string[]>();
  for (const [file, input] of Object.entries(metafile.inputs)) {
    if (!file.startsWith(prefix)) continue;
    edges.set(file, input.imports.map((i) => i.path).filter((p) => p.startsWith(prefix)));
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'active');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'active') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('architecture', () => {
  it('@rtio/protocol bundles for the browser and imports nothing from Node', async () => {
    const metafile = await importGraph(join(root, 'packages/protocol/src/index.ts'), 'browser');
    const imported = Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imported.filter((path) => nodeBuiltins.has(path))).to.deep.equal([]);
    const sources = Object.keys(metafile.inputs).filter((f) => f.startsWith('packages/protocol/src/'));
    expect(sources.length).to.be.greaterThan(5);
    // engine.io-parser has a Node build (Buffer) and a browser build; the browser one must be picked.
    expect(Object.keys(metafile.inputs).some((f) => f.includes('engine.io-parser') && f.endsWith('.browser.js'))).to.equal(true);
  });

  for (const name of packages) {
    it(`packages/${name} has no import cycles`, async () => {
      const metafile = await importGraph(join(root, 'packages', name, 'src/index.ts'), 'node');
      const prefix = `${relative(process.cwd(), join(root, 'packages', name, 'src'))}/`;
      expect(Object.keys(metafile.inputs).some((f) => f.startsWith(prefix)), 'graph covers the package').to.equal(true);
      expect(cyclesIn(metafile, prefix)).to.deep.equal([]);
    });
  }

  it('the server engine layer never imports the socket layer', async () => {
    const metafile = await importGraph(join(root, 'packages/server/src/index.ts'), 'node');
    const prefix = `${relative(process.cwd(), join(root, 'packages/server/src'))}/`;
    const engineFiles = Object.keys(metafile.inputs).filter((f) => f.startsWith(`${prefix}engine/`));
    expect(engineFiles.length, 'engine files in the graph').to.be.greaterThan(3);
    const upward = engineFiles.flatMap((file) =>
      (metafile.inputs[file]?.imports ?? [])
        .map((i) => i.path)
        .filter((path) => path.startsWith(prefix) && !path.startsWith(`${prefix}engine/`))
        .map((path) => `${file} -> ${path}`),
    );
    expect(upward).to.deep.equal([]);
  });

  it('the Redis adapter sits on the server’s public API only (no deep imports)', async () => {
    const metafile = await importGraph(join(root, 'packages/redis-adapter/src/index.ts'), 'node');
    const imported = Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imported).to.include('@rtio/server');
    const deep = imported.filter((path) => /^@rtio\/[^/]+\/|packages\/(server|protocol|client)\//.test(path));
    expect(deep).to.deep.equal([]);
  });

  it('the cycle finder finds a cycle', () => {
    const fake = {
      inputs: {
        'p/a.ts': { bytes: 0, imports: [{ path: 'p/b.ts', kind: 'import-statement' }] },
        'p/b.ts': { bytes: 0, imports: [{ path: 'p/a.ts', kind: 'import-statement' }] },
      },
      outputs: {},
    } as unknown as Metafile;
    expect(cyclesIn(fake, 'p/')).to.deep.equal([['p/a.ts', 'p/b.ts', 'p/a.ts']]);
  });
});
