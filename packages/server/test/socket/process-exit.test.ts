// A process that opened a server and a client and closed them exits by itself: close() leaves
// no handle (timer, socket, listener) behind.
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runNodeToExit } from './support/child-run.js';
import { MODES } from './support/server-under-test.js';

const SCRIPT = fileURLToPath(new URL('./support/exit-script.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const EXIT_GUARD_MS = 10_000;

describe('socket layer: process exit after close()', function () {
  this.timeout(EXIT_GUARD_MS + 2000);

  for (const mode of MODES) {
    it(`exits by itself with code 0 after exchanging one event (${mode})`, async () => {
      const { code, stdout, stderr } = await runNodeToExit(
        ['--import', 'tsx', '--conditions=rtio-source', SCRIPT, mode],
        REPO_ROOT,
        EXIT_GUARD_MS,
        'the child process to exit on its own',
      );
      expect(stdout, stderr).to.equal('hi child\n');
      expect(code, stderr).to.equal(0);
    });
  }
});
