// The built CommonJS entry of @rtio/server is callable, as socket.io's is: `require('@rtio/server')(httpServer)`.
// It runs in a plain Node process on dist/ (`pnpm build` first; `pnpm test` does).
import { expect } from 'chai';
import { runBuiltFixture } from './support/child-run.js';

describe('socket layer: the CommonJS entry', function () {
  this.timeout(15_000);

  it("require('@rtio/server')(httpServer, options) creates a Server that an official client talks to", async () => {
    const { code, stdout, stderr } = await runBuiltFixture('cjs-callable.cjs', 10_000, 'the CommonJS app to finish and exit on its own');
    expect(stdout, stderr).to.equal('callable: function, instance of Server: true, named exports: function\necho: from cjs\n');
    expect(code, stderr).to.equal(0);
  });
});
