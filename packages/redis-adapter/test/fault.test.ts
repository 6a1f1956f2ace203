// Redis dies mid-run (SIGKILL) and comes back on the same port: meanwhile each node keeps serving
// its own clients and nothing throws; afterwards cross-node traffic resumes by itself.
import { expect } from 'chai';
import { Disposer } from '../../server/test/helpers/index.js';
import type { RedisAdapterOptions } from '@rtio/redis-adapter';
import type { ClusterNode } from './helpers/cluster.js';
import { connectClient, type TestClient } from './helpers/clients.js';
import { problemsOf, startCluster, stopNodes, waitForServerCount } from './helpers/cluster-suite.js';
import { eventually } from './helpers/eventually.js';
import { startRedis, type RedisUnderTest } from './helpers/redis-server.js';

const OPTIONS: Partial<RedisAdapterOptions> = { requestsTimeout: 1000, heartbeatInterval: 200, heartbeatTimeout: 1000 };
/** Reconnecting (100 ms steps in the node), resubscribing and one heartbeat fit well within this. */
const RECOVERY_DEADLINE_MS = 6000;

type RedisStatus = { pubReady: boolean; subReady: boolean };

describe('redis adapter: Redis goes away and comes back', () => {
  const disposer = new Disposer();
  let redis: RedisUnderTest;
  let nodes: ClusterNode[] = [];
  let A: ClusterNode, B: ClusterNode;
  let a1: TestClient, a2: TestClient, b1: TestClient, b2: TestClient;

  before(async function () {
    this.timeout(15_000); // Redis and two node processes, each a Node with tsx
    redis = await startRedis();
    nodes = await startCluster(redis.url, ['A', 'B'], OPTIONS);
    [A, B] = nodes as [ClusterNode, ClusterNode];
    [a1, a2, b1, b2] = await Promise.all([
      connectClient(disposer, A, { name: 'a1', kind: 'socket.io-client', rooms: ['lobby'] }),
      connectClient(disposer, A, { name: 'a2', kind: 'rtio', rooms: ['lobby'] }),
      connectClient(disposer, B, { name: 'b1', kind: 'rtio', rooms: ['lobby'] }),
      connectClient(disposer, B, { name: 'b2', kind: 'socket.io-client', rooms: ['lobby'] }),
    ]);
  });
  after(async () => {
    await disposer.disposeAll();
    await stopNodes(nodes);
    await redis?.stop();
  });

  /** `from` says `text` to the lobby through its node (socket.to('lobby') on the server). */
  const say = (from: TestClient, text: string): void => void from.socket.emit('say', 'lobby', text);
  const heard = (client: TestClient): Promise<unknown[]> => client.next('said');

  it('with Redis up, a message to a room reaches room-mates on both nodes', async () => {
    const arrivals = [heard(a2), heard(b1), heard(b2)];
    say(a1, 'before');
    expect(await Promise.all(arrivals)).to.deep.equal([0, 1, 2].map(() => [{ text: 'before', from: 'a1', via: 'A' }]));
  });

  it('with Redis killed, each node still relays its clients to their room-mates on that node', async () => {
    await redis.kill();
    // the nodes' clients notice the dropped connection: from then on, Redis is down for them
    for (const node of nodes) {
      await eventually(
        () => node.request<RedisStatus>({ op: 'redisStatus' }),
        (status) => !status.pubReady && !status.subReady,
        { what: `${node.name}'s Redis clients to notice the outage` },
      );
    }
    const onA = heard(a2);
    say(a1, 'down-on-A');
    expect(await onA).to.deep.equal([{ text: 'down-on-A', from: 'a1', via: 'A' }]);
    const onB = heard(b1);
    say(b2, 'down-on-B');
    expect(await onB).to.deep.equal([{ text: 'down-on-B', from: 'b2', via: 'B' }]);
  });

  it('with Redis down, server-side broadcasts reach the local clients and the nodes answer', async () => {
    const arrivals = [a1.next('server-news'), a2.next('server-news')];
    await A.request({ op: 'emit', event: 'server-news', args: ['during the outage'] });
    expect(await Promise.all(arrivals)).to.deep.equal([['during the outage'], ['during the outage']]);
    const pings = await Promise.all(nodes.map((node) => node.request<{ node: string; localSockets: number }>({ op: 'ping' })));
    expect(pings).to.deep.equal([
      { node: 'A', localSockets: 2 },
      { node: 'B', localSockets: 2 },
    ]);
    expect(nodes.map((node) => node.process.exitCode)).to.deep.equal([null, null]);
  });

  it('with Redis down, a cross-node request fails at once with REDIS_UNAVAILABLE', async () => {
    // REQUEST_TIMEOUT would mean it waited for the other node instead of failing at once
    const failure = await B.request({ op: 'fetchSockets' }).then(
      () => 'resolved',
      (error: Error & { code?: string }) => error.code ?? error.message,
    );
    expect(failure).to.equal('REDIS_UNAVAILABLE');
  });

  it('after Redis restarts on the same port, cross-node broadcasts get through again', async function () {
    this.timeout(RECOVERY_DEADLINE_MS * 2 + 2000);
    await redis.restart();
    // resent until one gets through: the first ones may go out before the nodes have resubscribed
    let sent = 0;
    await eventually(
      async () => {
        await A.request({ op: 'emit', rooms: ['lobby'], event: 'back', args: [++sent] });
        return b1.argsOf('back').length;
      },
      (received) => received > 0,
      { what: "a broadcast from A to reach b1 on B after Redis's restart", timeoutMs: RECOVERY_DEADLINE_MS, intervalMs: 200 },
    );
    const relayed = heard(b2);
    say(a1, 'after');
    expect(await relayed).to.deep.equal([{ text: 'after', from: 'a1', via: 'A' }]);
    await Promise.all([waitForServerCount(A, 2, RECOVERY_DEADLINE_MS), waitForServerCount(B, 2, RECOVERY_DEADLINE_MS)]);
    expect(await B.request<string[]>({ op: 'serverSideEmitWithAck', event: 'who', args: [] })).to.deep.equal(['A']);
  });

  it('no node reported an unhandled error through the outage', () => {
    expect(problemsOf(nodes)).to.deep.equal([]);
  });
});
