// Two apps on one Redis, told apart by `key`: each is a cluster of its own, and neither sees the
// other's broadcasts, requests or nodes.
import { expect } from 'chai';
import { Disposer } from '../../server/test/helpers/index.js';
import type { ClusterNode } from './helpers/cluster.js';
import { connectClient, type TestClient } from './helpers/clients.js';
import { FAST_OPTIONS, problemsOf, reached, settle, startCluster, stopNodes } from './helpers/cluster-suite.js';
import type { FetchedSocketData } from './fixtures/node-protocol.js';
import { startRedis, type RedisUnderTest } from './helpers/redis-server.js';

describe('redis adapter: two apps with different keys on one Redis', () => {
  const disposer = new Disposer();
  let redis: RedisUnderTest;
  let nodes: ClusterNode[] = [];
  let X1: ClusterNode, X2: ClusterNode, Y1: ClusterNode, Y2: ClusterNode;
  let all: TestClient[];

  before(async function () {
    this.timeout(15_000); // Redis and four node processes, each a Node with tsx
    redis = await startRedis();
    const [alpha, beta] = await Promise.allSettled([
      startCluster(redis.url, ['X1', 'X2'], { ...FAST_OPTIONS, key: 'alpha' }),
      startCluster(redis.url, ['Y1', 'Y2'], { ...FAST_OPTIONS, key: 'beta' }),
    ]);
    nodes = [alpha, beta].flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    for (const result of [alpha, beta]) if (result.status === 'rejected') throw result.reason;
    [X1, X2, Y1, Y2] = nodes as [ClusterNode, ClusterNode, ClusterNode, ClusterNode];
    // the same room on both apps: only the key keeps them apart
    all = await Promise.all([
      connectClient(disposer, X1, { name: 'x1', kind: 'socket.io-client', rooms: ['lobby'] }),
      connectClient(disposer, X2, { name: 'x2', kind: 'rtio', rooms: ['lobby'] }),
      connectClient(disposer, Y1, { name: 'y1', kind: 'rtio', rooms: ['lobby'] }),
      connectClient(disposer, Y2, { name: 'y2', kind: 'socket.io-client', rooms: ['lobby'] }),
    ]);
    for (const each of all) each.socket.on('ask', (ack: (name: string) => void) => ack(each.name));
  });
  after(async () => {
    await disposer.disposeAll();
    await stopNodes(nodes);
    await redis?.stop();
  });

  const names = (clients: TestClient[]): string[] => clients.map((client) => client.name);
  const xs = (): TestClient[] => all.filter((client) => client.name.startsWith('x'));
  const ys = (): TestClient[] => all.filter((client) => client.name.startsWith('y'));

  it('each app counts only its own two nodes', async () => {
    const counts = await Promise.all([X1, X2, Y1, Y2].map((node) => node.request<number>({ op: 'serverCount' })));
    expect(counts).to.deep.equal([2, 2, 2, 2]);
  });

  it("one app's broadcasts reach its clients on both nodes and never the other app's", async () => {
    await X1.request({ op: 'emit', rooms: ['lobby'], event: 'alpha-news', args: [] });
    await Y2.request({ op: 'emit', rooms: ['lobby'], event: 'beta-news', args: [] });
    await Promise.all([settle(X1, xs()), settle(Y2, ys())]);
    // a broadcast with ack goes through Redis after the news: had a node of the other app got the
    // news, its client would have answered this too
    const alphaAnswers = await X1.request<string[]>({ op: 'emitWithAck', event: 'ask', args: [], timeout: 2000 });
    const betaAnswers = await Y2.request<string[]>({ op: 'emitWithAck', event: 'ask', args: [], timeout: 2000 });
    expect([...alphaAnswers].sort()).to.deep.equal(names(xs()));
    expect([...betaAnswers].sort()).to.deep.equal(names(ys()));
    expect(reached(all, 'alpha-news')).to.deep.equal(['x1', 'x2']);
    expect(reached(all, 'beta-news')).to.deep.equal(['y1', 'y2']);
  });

  it("one app's requests are answered by its own nodes only", async () => {
    expect(await X1.request<string[]>({ op: 'serverSideEmitWithAck', event: 'who', args: [] })).to.deep.equal(['X2']);
    expect(await Y2.request<string[]>({ op: 'serverSideEmitWithAck', event: 'who', args: [] })).to.deep.equal(['Y1']);
    const lobby = await X2.request<FetchedSocketData[]>({ op: 'fetchSockets', rooms: ['lobby'] });
    expect(lobby.map((socket) => socket.data.name).sort()).to.deep.equal(['x1', 'x2']);
    expect(await Y1.request<number>({ op: 'roomSize', room: 'lobby' })).to.equal(2);
  });

  it('no node reported an unhandled error', () => {
    expect(problemsOf(nodes)).to.deep.equal([]);
  });
});
