// A process that opened a server and a client and closed them exits by itself: close() leaves
// no handle (timer, socket, listener) behind.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { within } from './support/events.js';
import { MODES } from './support/server-under-test.js';

const SCRIPT = fileURLToPath(new URL('./support/exit-script.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const EXIT_GUARD_MS = 10_000;

describe('socket layer: process exit after close()', function () {
  this.timeout(EXIT_GUARD_MS + 2000);

  for (const mode of MODES) {
    it(`exits by itself with code 0 after exchanging one event (${mode})`, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=rtio-source', SCRIPT, mode], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const code = await within(exited, EXIT_GUARD_MS, 'the child process to exit on its own');
        expect(stdout, stderr).to.equal('hi child\n');
        expect(code, stderr).to.equal(0);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  }
});
