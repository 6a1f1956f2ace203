// The four packages as a user gets them: packed (scripts/pack-packages.mjs), installed with npm
// into a fresh project in a temp dir (no workspace, no pnpm), then used the ways users use them —
// the files in installed-packages/ (its README lists them). Needs `pnpm build` first (pnpm test does).
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, watchedPage } from './helpers/browser.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const requireFromRoot = createRequire(join(root, 'package.json'));
// The tools a user would install next to the packages: the workspace's own copies of them.
const tsc = requireFromRoot.resolve('typescript/bin/tsc');
const attw = join(dirname(requireFromRoot.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
// Versions the project installs from npm besides the tarballs.
const THIRD_PARTY = { express: '5.3.0', 'socket.io-client': '4.8.3', redis: '6.3.1', '@types/node': '^20.19.0' };

/** The README's server example (the first js block of "Use rtio in your app"), listening on a free port. */
function readmeServer(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use rtio in your app'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code?.includes('httpServer.listen(3000)')) throw new Error('README: no server example listening on 3000');
  return `${code.replace('httpServer.listen(3000)', 'httpServer.listen(0)')}
httpServer.on('listening', () => console.log(\`listening on \${httpServer.address().port}\`));
process.on('SIGTERM', () => io.close(() => process.exit(0)));
`;
}

describe('the packed packages in a fresh npm project', function () {
  this.timeout(120_000);
  let project: string;
  let tarballs: string[];
  // Without the test run's loader options: the project runs plain Node on what npm installed.
  const env = { ...process.env, NODE_OPTIONS: '', DEBUG: '' };
  const node = (file: string, ...args: string[]) => run(process.execPath, [file, ...args], { cwd: project, env, timeout: 30_000 });

  before(async function () {
    project = mkdtempSync(join(tmpdir(), 'rtio-consumer-'));
    await run(process.execPath, [join(root, 'scripts/pack-packages.mjs'), join(project, 'tarballs')], { env });
    tarballs = readdirSync(join(project, 'tarballs')).map((file) => join(project, 'tarballs', file));
    expect(tarballs).to.have.length(4);
    cpSync(join(here, 'installed-packages'), project, { recursive: true });
    const dependencies = Object.fromEntries(tarballs.map((file) => [`@rtio/${/^rtio-(.+)-\d+\.\d+\.\d+\.tgz$/.exec(basename(file))?.[1]}`, `file:${file}`]));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { ...dependencies, ...THIRD_PARTY } }, null, 2));
    writeFileSync(join(project, 'readme-server.mjs'), readmeServer());
    const started = Date.now();
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: project, env, timeout: 110_000 });
    console.log(`      npm install of the tarballs: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  after(() => rmSync(project, { recursive: true, force: true }));

  it('installs real versions, README and LICENSE, and no workspace: range', () => {
    for (const name of ['server', 'client', 'protocol', 'redis-adapter']) {
      const installed = join(project, 'node_modules/@rtio', name);
      const manifest = readFileSync(join(installed, 'package.json'), 'utf8');
      expect(manifest, name).not.to.include('workspace:');
      expect(readFileSync(join(installed, 'LICENSE'), 'utf8'), name).to.include('MIT License');
      expect(readFileSync(join(installed, 'README.md'), 'utf8'), name).to.include(`# @rtio/${name}`);
    }
  });

  it("runs the README's ESM server with a Node client", async () => {
    const server = await startChild(project, env, 'readme-server.mjs');
    try {
      const { stdout } = await node('readme-client.mjs', String(server.port));
      expect(stdout).to.include('readme: ok');
    } finally {
      await server.stop();
    }
  });

  it('works through CommonJS require', async () => {
    expect((await node('require.cjs')).stdout).to.include('require: ok');
  });

  for (const config of ['tsconfig.node16.json', 'tsconfig.bundler.json', 'tsconfig.browser.json']) {
    it(`type-checks with TypeScript --strict, no skipLibCheck (${config})`, async () => {
      const result = await run(process.execPath, [tsc, '-p', config], { cwd: project, env }).catch((error: { stdout: string }) => error);
      expect(result.stdout, result.stdout).to.equal('');
    });
  }

  it('serves Express 5 routes and the official socket.io-client on /rt/', async () => {
    expect((await node('express.mjs')).stdout).to.include('express: ok (socket.io-client over websocket)');
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let server: Child;

    before(async () => {
      const spa = await build({ entryPoints: [join(project, 'spa.ts')], absWorkingDir: project, bundle: true, minify: true, format: 'esm', platform: 'browser', outfile: join(project, 'out/spa.js'), write: false, logLevel: 'silent' });
      const code = spa.outputFiles[0]!.contents;
      mkdirSync(join(project, 'out'), { recursive: true });
      writeFileSync(join(project, 'out/spa.js'), code);
      console.log(`      esbuild SPA bundle of the installed @rtio/client: ${code.length} B, ${gzipSync(code, { level: 9 }).length} B gzip`);
      [browser, server] = await Promise.all([launchBrowser(), startChild(project, env, 'page-server.mjs')]);
    });

    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    for (const [path, expected] of [['/', /^said from the page over (polling|websocket)$/], ['/spa', /^ok from the spa$/]] as const) {
      it(`${path === '/' ? 'a page with <script src="/rt/client.js">' : 'the esbuild SPA bundle'} talks to the server`, async () => {
        const { page, problems } = await watchedPage(browser);
        await page.goto(`http://127.0.0.1:${server.port}${path}`);
        await page.waitForFunction(() => (window as unknown as { result?: string }).result !== undefined, { timeout: 10_000 });
        expect(await page.evaluate(() => (window as unknown as { result: string }).result)).to.match(expected);
        expect(problems).to.deep.equal([]);
        await page.close();
      });
    }
  });

  it('has types that arethetypeswrong finds nothing wrong with', async () => {
    for (const tarball of tarballs) {
      const result = await run(process.execPath, [attw, tarball, '--format', 'ascii'], { env }).catch((error: { stdout: string; code: number }) => error);
      expect(result.stdout, result.stdout).to.include('No problems found');
    }
  });
});

interface Child {
  port: number;
  stop(): Promise<void>;
}

/** Starts `node file` in the project; resolves once it printed "listening on <port>". */
function startChild(cwd: string, env: NodeJS.ProcessEnv, file: string): Promise<Child> {
  const child = spawn(process.execPath, [file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}): ${output}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const port = /listening on (\d+)/.exec(output)?.[1];
      if (port) {
        resolve({
          port: Number(port),
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
  });
}
