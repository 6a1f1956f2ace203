// The built CommonJS entry of @rtio/server is callable, as socket.io's is: `require('@rtio/server')(httpServer)`.
// It runs in a plain Node process on dist/ (`pnpm build` first; `pnpm test` does).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runNodeToExit } from './support/child-run.js';

const SCRIPT = fileURLToPath(new URL('./support/cjs-callable.cjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));

describe('socket layer: the CommonJS entry', function () {
  this.timeout(15_000);

  it("require('@rtio/server')(httpServer, options) creates a Server that an official client talks to", async () => {
    expect(existsSync(BUILT), `${BUILT} is missing: run pnpm build`).to.equal(true);
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const { code, stdout, stderr } = await runNodeToExit([SCRIPT], cwd, 10_000, 'the CommonJS app to finish and exit on its own');
    expect(stdout, stderr).to.equal('callable: function, instance of Server: true, named exports: function\necho: from cjs\n');
    expect(code, stderr).to.equal(0);
  });
});
