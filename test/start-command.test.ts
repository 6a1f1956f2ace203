// `pnpm start`, as the README tells a new user to run it: it builds only what is stale, starts the
// chat, and Ctrl-C (SIGINT to the whole foreground process group, as a terminal sends it) stops it
// with exit code 0 and no "ELIFECYCLE Command failed" from pnpm.
import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('pnpm start', function () {
  this.timeout(60_000);
  let dataDir: string;

  before(() => {
    // Whatever the last edit was, the packages are up to date afterwards.
    execFileSync(process.execPath, [join(root, 'scripts/build-stale.mjs')], { cwd: root, stdio: 'ignore' });
    dataDir = mkdtempSync(join(tmpdir(), 'rtio-start-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('rebuilds nothing when nothing changed, starts the chat and exits 0 on Ctrl-C', async () => {
    const env = { ...process.env, PORT: '0', CHAT_DATA_DIR: dataDir, NODE_OPTIONS: '', DEBUG: '' };
    // detached: its own process group, which the test signals as a terminal would.
    const child = spawn('pnpm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const match = /http:\/\/localhost:\d+/.exec(output);
          if (match) resolve(match[0]);
        });
        void exited.then((code) => reject(new Error(`pnpm start exited (${code}) before listening:\n${output}`)));
      });
      const page = await fetch(url.replace('localhost', '127.0.0.1'));
      expect(page.status).to.equal(200);
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited, output).to.equal(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    expect(output).not.to.match(/ELIFECYCLE|Command failed|warn/i);
    expect(output, 'a build ran although nothing changed').not.to.include('built @rtio/');
  });
});
