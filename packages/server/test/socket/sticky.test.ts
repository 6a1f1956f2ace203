// @socket.io/sticky with Node's cluster module: it routes polling requests on the 20-character sid,
// so rtio's ids, io.httpServer and io.engine's 'connection'/'close' must be what it expects.
// Runs plain Node on dist/ (`pnpm build` first; `pnpm test` does).
import { expect } from 'chai';
import { runBuiltFixture } from './support/child-run.js';

describe('socket layer: @socket.io/sticky in a cluster', function () {
  this.timeout(20_000);

  it('keeps every polling session on its worker, with sessions spread over both workers', async () => {
    const { code, stdout, stderr } = await runBuiltFixture('sticky-cluster.cjs', 15_000, 'the cluster to answer and exit');
    expect(code, stderr).to.equal(0);
    const report = JSON.parse(stdout.trim()) as Record<string, unknown>;
    expect(report).to.deep.equal({ connected: 6, answers: 30, samePidPerClient: true, transports: ['polling'], pids: 2, errors: [] });
  });
});
