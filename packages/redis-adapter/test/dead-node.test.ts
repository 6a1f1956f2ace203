// A node that dies without a goodbye (SIGKILL): requests that wait for it fail with
// REQUEST_TIMEOUT instead of hanging, and after heartbeatTimeout the cluster carries on without it.
import { expect } from 'chai';
import { Disposer } from '../../server/test/helpers/index.js';
import type { RedisAdapterOptions } from '@rtio/redis-adapter';
import type { ClusterNode } from './helpers/cluster.js';
import { connectClient, type TestClient } from './helpers/clients.js';
import { problemsOf, settle, startCluster, stopNodes, waitForServerCount } from './helpers/cluster-suite.js';
import type { FetchedSocketData } from './fixtures/node-protocol.js';
import { startRedis, type RedisUnderTest } from './helpers/redis-server.js';

// heartbeatTimeout well past requestsTimeout: the first requests after the kill still wait for the dead node
const OPTIONS: Partial<RedisAdapterOptions> = { requestsTimeout: 1000, heartbeatInterval: 200, heartbeatTimeout: 2500 };
/** An answer must come by then: the adapter's own timeout plus room for process scheduling. */
const ANSWER_BY_MS = (OPTIONS.requestsTimeout ?? 0) + 2000;

/** How a request ended: 'resolved', or the code and message it failed with. */
function outcome(request: Promise<unknown>): Promise<{ code: string; message: string }> {
  return request.then(
    () => ({ code: 'resolved', message: '' }),
    (error: Error & { code?: string }) => ({ code: error.code ?? 'no code', message: error.message }),
  );
}

describe('redis adapter: a node killed with SIGKILL', () => {
  const disposer = new Disposer();
  let redis: RedisUnderTest;
  let nodes: ClusterNode[];
  let A: ClusterNode, B: ClusterNode, C: ClusterNode;
  let a1: TestClient, b1: TestClient;

  before(async function () {
    this.timeout(15_000); // Redis and three node processes, each a Node with tsx
    redis = await startRedis();
    nodes = await startCluster(redis.url, ['A', 'B', 'C'], OPTIONS);
    [A, B, C] = nodes as [ClusterNode, ClusterNode, ClusterNode];
    a1 = await connectClient(disposer, A, { name: 'a1', kind: 'socket.io-client', rooms: ['red'] });
    b1 = await connectClient(disposer, B, { name: 'b1', kind: 'rtio', rooms: ['red'] });
    await connectClient(disposer, C, { name: 'c1', kind: 'socket.io-client', rooms: ['red'] });
    for (const each of [a1, b1]) each.socket.on('ask', (ack: (name: string) => void) => ack(each.name));
  });
  after(async () => {
    await disposer.disposeAll();
    if (nodes) await stopNodes(nodes);
    await redis?.stop();
  });

  it('requests issued right after the kill reject with REQUEST_TIMEOUT, naming the node that did not answer', async () => {
    await C.kill();
    const outcomes = await Promise.all([
      outcome(A.request({ op: 'fetchSockets', rooms: ['red'] }, ANSWER_BY_MS)),
      outcome(B.request({ op: 'serverSideEmitWithAck', event: 'who', args: [] }, ANSWER_BY_MS)),
      outcome(A.request({ op: 'roomSize', room: 'red' }, ANSWER_BY_MS)),
      outcome(B.request({ op: 'sockets', rooms: ['red'] }, ANSWER_BY_MS)),
    ]);
    expect(outcomes.map(({ code }) => code)).to.deep.equal(['REQUEST_TIMEOUT', 'REQUEST_TIMEOUT', 'REQUEST_TIMEOUT', 'REQUEST_TIMEOUT']);
    // how many of how many nodes were missing (the ids that follow are the adapter's own)
    for (const { message } of outcomes) expect(message).to.match(/\b1 of 2\b/);
  });

  it('once heartbeatTimeout has passed, the survivors drop the dead node and requests succeed again', async () => {
    const deadline = (OPTIONS.heartbeatTimeout ?? 0) + 3000;
    await Promise.all([waitForServerCount(A, 2, deadline), waitForServerCount(B, 2, deadline)]);
    const red = await A.request<FetchedSocketData[]>({ op: 'fetchSockets', rooms: ['red'] });
    expect(red.map((socket) => socket.id).sort()).to.deep.equal([a1.id, b1.id].sort());
    expect(await B.request<string[]>({ op: 'serverSideEmitWithAck', event: 'who', args: [] })).to.deep.equal(['A']);
    expect(await A.request<number>({ op: 'roomSize', room: 'red' })).to.equal(2);
    const answers = await B.request<string[]>({ op: 'emitWithAck', event: 'ask', args: [], timeout: 2000 });
    expect([...answers].sort()).to.deep.equal(['a1', 'b1']);
    await A.request({ op: 'emit', rooms: ['red'], event: 'still-here', args: [] });
    await settle(A, [a1, b1]);
    expect([a1.argsOf('still-here'), b1.argsOf('still-here')]).to.deep.equal([[[]], [[]]]);
  });

  it('the surviving nodes reported no unhandled error', () => {
    expect(problemsOf([A, B])).to.deep.equal([]);
  });
});
