// Three rtio nodes (child processes) on one real Redis, with socket.io-client and @rtio/client
// clients spread over them: broadcasts, acks, remote sockets, server-side events and counts work
// across nodes exactly as on one server.
import { expect } from 'chai';
import { Disposer } from '../../server/test/helpers/index.js';
import type { ClusterNode } from './helpers/cluster.js';
import { connectClient, disconnected, type ClientSpec, type TestClient } from './helpers/clients.js';
import { problemsOf, reached, settle, startCluster, stopNodes, waitForNoSockets } from './helpers/cluster-suite.js';
import { eventually } from './helpers/eventually.js';
import type { FetchedSocketData } from './fixtures/node-protocol.js';
import { startRedis, type RedisUnderTest } from './helpers/redis-server.js';

/** Who sits where: two clients per node, one of each library, in overlapping rooms. */
const LAYOUT: Record<'A' | 'B' | 'C', ClientSpec[]> = {
  A: [
    { name: 'a1', kind: 'socket.io-client', rooms: ['red'] },
    { name: 'a2', kind: 'rtio', rooms: ['blue'] },
  ],
  B: [
    { name: 'b1', kind: 'rtio', rooms: ['red'] },
    { name: 'b2', kind: 'socket.io-client', rooms: ['blue', 'banned'] },
  ],
  C: [
    { name: 'c1', kind: 'socket.io-client', rooms: ['red', 'banned'] },
    { name: 'c2', kind: 'rtio' },
  ],
};

const ids = (sockets: FetchedSocketData[]): string[] => sockets.map((socket) => socket.id).sort();

describe('redis adapter: three nodes on one Redis', () => {
  const disposer = new Disposer();
  let redis: RedisUnderTest;
  let nodes: ClusterNode[];
  let A: ClusterNode, B: ClusterNode, C: ClusterNode;
  let all: TestClient[];
  let byName: Record<string, TestClient>;

  before(async function () {
    this.timeout(15_000); // Redis and three node processes, each a Node with tsx
    redis = await startRedis();
    nodes = await startCluster(redis.url, ['A', 'B', 'C']);
    [A, B, C] = nodes as [ClusterNode, ClusterNode, ClusterNode];
  });
  after(async () => {
    if (nodes) await stopNodes(nodes);
    await redis?.stop();
  });

  beforeEach(async () => {
    const byNode = { A, B, C };
    all = await Promise.all(
      Object.entries(LAYOUT).flatMap(([node, specs]) => specs.map((spec) => connectClient(disposer, byNode[node as keyof typeof byNode], spec))),
    );
    byName = Object.fromEntries(all.map((client) => [client.name, client]));
    // every client answers a broadcast ack with its name
    for (const client of all) client.socket.on('ask', (ack: (name: string) => void) => ack(client.name));
  });
  afterEach(async () => {
    await disposer.disposeAll();
    await waitForNoSockets(nodes); // the next test must not see this one's sockets
  });

  const client = (name: string): TestClient => byName[name] as TestClient;

  describe('broadcasts', () => {
    it('io.emit from one node reaches every client on all three nodes, once each', async () => {
      await A.request({ op: 'emit', event: 'news', args: ['hello', { n: 1 }] });
      await settle(A, all);
      for (const each of all) expect(each.argsOf('news'), each.name).to.deep.equal([['hello', { n: 1 }]]);
    });

    it('to(room) reaches the room members on every node and no one else', async () => {
      await B.request({ op: 'emit', rooms: ['red'], event: 'red-news', args: [] });
      await settle(B, all);
      expect(reached(all, 'red-news')).to.deep.equal(['a1', 'b1', 'c1']);
    });

    it('to(rooms).except(room) leaves out the excepted members on every node', async () => {
      await C.request({ op: 'emit', rooms: ['red', 'blue'], except: ['banned'], event: 'filtered', args: [] });
      await settle(C, all);
      expect(reached(all, 'filtered')).to.deep.equal(['a1', 'a2', 'b1']);
      for (const name of ['a1', 'a2', 'b1']) expect(client(name).argsOf('filtered')).to.have.length(1);
    });

    it('except(room) alone broadcasts to everyone else', async () => {
      await A.request({ op: 'emit', except: ['banned'], event: 'not-banned', args: [] });
      await settle(A, all);
      expect(reached(all, 'not-banned')).to.deep.equal(['a1', 'a2', 'b1', 'c2']);
    });

    it('a volatile broadcast reaches idle clients on every node', async () => {
      await B.request({ op: 'emit', volatile: true, event: 'flash', args: [42] });
      await settle(B, all);
      for (const each of all) expect(each.argsOf('flash'), each.name).to.deep.equal([[42]]);
    });

    it('a local broadcast stays on the emitting node', async () => {
      await B.request({ op: 'emit', local: true, event: 'only-here', args: [] });
      await settle(B, all);
      expect(reached(all, 'only-here')).to.deep.equal(['b1', 'b2']);
    });
  });

  describe('broadcasts with acks', () => {
    it('collects one response from each client on all three nodes', async () => {
      const responses = await A.request<string[]>({ op: 'emitWithAck', event: 'ask', args: [], timeout: 2000 });
      expect([...responses].sort()).to.deep.equal(['a1', 'a2', 'b1', 'b2', 'c1', 'c2']);
    });

    it('collects responses from a room spread over the nodes', async () => {
      const responses = await C.request<string[]>({ op: 'emitWithAck', rooms: ['red'], event: 'ask', args: [], timeout: 2000 });
      expect([...responses].sort()).to.deep.equal(['a1', 'b1', 'c1']);
    });

    it('fails with the ack timeout when a client on another node never answers', async () => {
      client('a1').socket.on('quiet', (ack: (name: string) => void) => ack('a1'));
      client('b1').socket.on('quiet', (ack: (name: string) => void) => ack('b1')); // c1 (node C) stays silent
      const outcome = await A.request({ op: 'emitWithAck', rooms: ['red'], event: 'quiet', args: [], timeout: 500 }).then(
        () => 'resolved',
        (error: Error) => error.message,
      );
      expect(outcome).to.match(/AckTimeoutError/);
    });
  });

  describe('remote sockets', () => {
    it('fetchSockets returns remote sockets with id, handshake, rooms and data', async () => {
      const red = await A.request<FetchedSocketData[]>({ op: 'fetchSockets', rooms: ['red'] });
      expect(ids(red)).to.deep.equal([client('a1').id, client('b1').id, client('c1').id].sort());
      const c1 = red.find((socket) => socket.id === client('c1').id);
      expect(c1?.rooms).to.deep.equal([client('c1').id, 'banned', 'red'].sort());
      expect(c1?.data).to.deep.equal({ node: 'C', name: 'c1' });
      expect(c1?.handshake.auth).to.deep.equal({ name: 'c1', rooms: ['red', 'banned'] });
      expect(c1?.handshake.address).to.be.a('string').and.not.equal('');
      expect(c1?.handshake.url).to.match(/^\/rt\//);
      expect(ids(await B.request<FetchedSocketData[]>({ op: 'fetchSockets' }))).to.deep.equal(all.map((each) => each.id).sort());
    });

    it("a remote socket's emit reaches its client on the other node", async () => {
      await A.request({ op: 'remoteEmit', socketId: client('c2').id, event: 'direct', args: ['from A', [1, 2]] });
      expect(await client('c2').next('direct')).to.deep.equal(['from A', [1, 2]]);
    });

    it("a remote socket's join and leave change its rooms cluster-wide", async () => {
      await A.request({ op: 'remoteJoin', socketId: client('c2').id, room: 'green' });
      await eventually(
        () => B.request<FetchedSocketData[]>({ op: 'fetchSockets', rooms: ['green'] }),
        (green) => ids(green).join() === client('c2').id,
        { what: 'c2 in green, seen from B' },
      );
      await A.request({ op: 'emit', rooms: ['green'], event: 'green-news', args: [] });
      await settle(A, all);
      expect(reached(all, 'green-news')).to.deep.equal(['c2']);

      await B.request({ op: 'remoteLeave', socketId: client('c1').id, room: 'red' });
      await eventually(
        () => A.request<FetchedSocketData[]>({ op: 'fetchSockets', rooms: ['red'] }),
        (red) => !ids(red).includes(client('c1').id),
        { what: 'c1 out of red, seen from A' },
      );
      await B.request({ op: 'emit', rooms: ['red'], event: 'red-news', args: [] });
      await settle(B, all);
      expect(reached(all, 'red-news')).to.deep.equal(['a1', 'b1']);
    });

    it("a remote socket's disconnect closes that client only", async () => {
      const gone = disconnected(client('b2'));
      await A.request({ op: 'remoteDisconnect', socketId: client('b2').id, close: false });
      expect(await gone).to.equal('io server disconnect');
      const rest = all.filter((each) => each.name !== 'b2');
      await settle(A, rest);
      expect(rest.map((each) => each.socket.connected)).to.deep.equal(rest.map(() => true));
    });
  });

  describe('operations on many sockets', () => {
    it('socketsJoin and socketsLeave reach the matching sockets on every node', async () => {
      await A.request({ op: 'socketsJoin', rooms: ['blue'], room: 'yellow' });
      const blue = [client('a2').id, client('b2').id].sort();
      await eventually(() => C.request<string[]>({ op: 'sockets', rooms: ['yellow'] }), (yellow) => yellow.join() === blue.join(), {
        what: 'the blue sockets in yellow, seen from C',
      });
      await C.request({ op: 'emit', rooms: ['yellow'], event: 'yellow-news', args: [] });
      await settle(C, all);
      expect(reached(all, 'yellow-news')).to.deep.equal(['a2', 'b2']);

      await B.request({ op: 'socketsLeave', except: ['banned'], room: 'red' });
      await eventually(
        () => A.request<FetchedSocketData[]>({ op: 'fetchSockets', rooms: ['red'] }),
        (red) => ids(red).join() === client('c1').id,
        { what: 'only c1 (banned) left in red, seen from A' },
      );
    });

    it('disconnectSockets disconnects the matching sockets on every node and keeps the others', async () => {
      const gone = [disconnected(client('a2')), disconnected(client('b2'))];
      await C.request({ op: 'disconnectSockets', rooms: ['blue'], close: true });
      await Promise.all(gone);
      const rest = all.filter((each) => !['a2', 'b2'].includes(each.name));
      await settle(C, rest);
      expect(rest.map((each) => each.socket.connected)).to.deep.equal(rest.map(() => true));
      expect(ids(await A.request<FetchedSocketData[]>({ op: 'fetchSockets', rooms: ['blue'] }))).to.deep.equal([]);
    });
  });

  describe('server-side events', () => {
    it('serverSideEmit reaches the two other nodes and not the sender', async () => {
      const atB = B.nextNote();
      const atC = C.nextNote();
      await A.request({ op: 'serverSideEmit', event: 'note', args: [1, { text: 'hi' }] });
      expect(await atB).to.deep.equal([1, { text: 'hi' }]);
      expect(await atC).to.deep.equal([1, { text: 'hi' }]);
      // a round trip from A through Redis: a note A had sent itself would have arrived before it
      await A.request({ op: 'serverSideEmitWithAck', event: 'who', args: [] });
      expect(A.notes).to.deep.equal([]);
    });

    it('serverSideEmit with an ack gets one response from each other node', async () => {
      const responses = await B.request<string[]>({ op: 'serverSideEmitWithAck', event: 'who', args: [] });
      expect([...responses].sort()).to.deep.equal(['A', 'C']);
    });
  });

  describe('cluster-wide counts', () => {
    it('serverCount is 3 on every node', async () => {
      const counts = await Promise.all(nodes.map((node) => node.request<number>({ op: 'serverCount' })));
      expect(counts).to.deep.equal([3, 3, 3]);
    });

    it('roomSize and sockets() count the sockets of every node', async () => {
      const sizes = await Promise.all(['red', 'blue', 'banned', 'nobody'].map((room) => B.request<number>({ op: 'roomSize', room })));
      expect(sizes).to.deep.equal([3, 2, 2, 0]);
      expect(await C.request<string[]>({ op: 'sockets', rooms: ['red'] })).to.deep.equal([client('a1').id, client('b1').id, client('c1').id].sort());
      expect(await A.request<string[]>({ op: 'sockets' })).to.deep.equal(all.map((each) => each.id).sort());
    });
  });

  // mocha runs a suite's own tests before its nested suites: this one goes in a suite of its own, last
  describe('afterwards', () => {
    it('no node reported an unhandled error', () => {
      expect(problemsOf(nodes)).to.deep.equal([]);
    });
  });
});
