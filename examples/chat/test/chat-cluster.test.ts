// The chat on two nodes sharing a real Redis (redis-server on a free port, the Redis adapter's test helper),
// each node started in-process by startChat({ redisUrl }), as server.js does with REDIS_URL.
// What people on one node do, people on the other see: messages, who is online, history, taken
// names. A node whose Redis goes away keeps serving its own people.
// Every wait is for a real event; the timers only turn a missing event into a failure.
import { expect } from 'chai';
import { createClient } from 'redis';
import { startChat } from '../chat-server.js';
import { createRedisStore } from '../redis-store.js';
import { Client, type Payload, joinAs } from './chat-client.js';
import { describeMessageStore } from './store-conformance.js';
import { freePort, startRedis, type RedisUnderTest } from '../../../packages/redis-adapter/test/helpers/redis-server.js';

type Chat = Awaited<ReturnType<typeof startChat>>;

/** How long the nodes' Redis clients may take to come back after Redis restarts (2 s backoff at most). */
const RECONNECT_MS = 6000;

describe('examples/chat: two nodes on one Redis', function () {
  this.timeout(20_000);
  let redis: RedisUnderTest | undefined;
  let admin: ReturnType<typeof createClient> | undefined;
  let nodes: Chat[] = [];
  let clients: Client[] = [];
  /** Everything the nodes logged with console.error or console.warn, and tests waiting for some of it. */
  let logged: string[] = [];
  const logWaiters = new Set<() => void>();
  const consoleOriginals = { error: console.error, warn: console.warn };

  before(async () => {
    redis = await startRedis();
    admin = createClient({ url: redis.url });
    admin.on('error', (error: Error) => logged.push(`admin client: ${error.message}`));
    await admin.connect();
  });

  after(async () => {
    await admin?.close();
    await redis?.stop();
  });

  beforeEach(async () => {
    await admin?.flushAll(); // no history left over from the previous test
    logged = [];
    console.error = console.warn = (...args: unknown[]) => {
      logged.push(args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '));
      for (const check of [...logWaiters]) check();
    };
  });

  afterEach(async () => {
    for (const client of clients) client.close();
    clients = [];
    await Promise.all(nodes.map((node) => node.close()));
    nodes = [];
    Object.assign(console, consoleOriginals);
  });

  async function startNode(redisUrl = redis!.url, historySize = 50): Promise<Chat> {
    const node = await startChat({ port: 0, host: '127.0.0.1', historySize, redisUrl });
    nodes.push(node);
    return node;
  }

  async function connect(node: Chat): Promise<Client> {
    const client = new Client(node.url);
    clients.push(client);
    return client.connected();
  }

  /** A client on `node` that joined as `name` (and switched to `room`). */
  async function member(node: Chat, name: string, room = 'general'): Promise<Client> {
    return joinAs(await connect(node), name, room);
  }

  /** Resolves once `count` log lines match `pattern`. */
  function logLines(pattern: RegExp, count: number): Promise<void> {
    let check!: () => void;
    let timer: ReturnType<typeof setTimeout> | undefined;
    return new Promise<void>((resolve, reject) => {
      check = () => {
        if (logged.filter((line) => pattern.test(line)).length >= count) resolve();
      };
      logWaiters.add(check);
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} log lines like ${pattern}; logged:\n${logged.join('\n')}`)), RECONNECT_MS);
      check();
    }).finally(() => {
      clearTimeout(timer);
      logWaiters.delete(check);
    });
  }

  const texts = (messages: Payload[]) => messages.map((m) => m.text);

  it('a message sent on one node reaches its room on the other node, once, and no other room', async () => {
    const [a, b] = [await startNode(), await startNode()];
    const alice = await member(a, 'alice');
    const bob = await member(b, 'bob');
    const carol = await member(b, 'carol', 'random');

    await alice.roundTrip('hello from A');
    expect(await bob.waitFor('message', (m) => m.text === 'hello from A')).to.include({ room: 'general', name: 'alice' });
    await bob.roundTrip('hello from B');
    await alice.waitFor('message', (m) => m.text === 'hello from B');
    // Redis hands node A its subscribers' messages in order: a second copy of alice's message would be here by now.
    expect(texts(alice.all('message'))).to.deep.equal(['hello from A', 'hello from B']);
    // Node B wrote alice's message to bob before carol's own round trip; carol is in #random.
    await carol.roundTrip('in random');
    expect(texts(carol.all('message'))).to.deep.equal(['in random']);
    expect(texts(bob.all('message'))).to.deep.equal(['hello from A', 'hello from B']);
    expect(logged).to.deep.equal([]);
  });

  it('the online list of a room names the people of both nodes, and a name is taken on every node', async () => {
    const [a, b] = [await startNode(), await startNode()];
    const alice = await member(a, 'alice');
    const bob = await member(b, 'bob');
    await alice.online('general', ['alice', 'bob']);
    await bob.online('general', ['alice', 'bob']);

    const impostor = await connect(b);
    expect(await impostor.request('join', { name: 'ALICE' })).to.deep.equal({ error: 'That name is taken' });

    const dave = await member(a, 'dave');
    await bob.online('general', ['alice', 'bob', 'dave']);
    for (const client of [alice, bob]) client.clear();
    expect(await dave.request('switch', { room: 'random' })).to.include({ ok: true });
    await dave.online('random', ['dave']);
    await alice.online('general', ['alice', 'bob']);
    await bob.online('general', ['alice', 'bob']);

    alice.clear();
    bob.close(); // node B notices, asks both nodes who is left, and tells the room
    await alice.notice('bob left');
    await alice.online('general', ['alice']);
    expect(logged).to.deep.equal([]);
  });

  it('history written on one node is what a person joining on the other node gets, trimmed to historySize', async () => {
    const [a, b] = [await startNode(undefined, 3), await startNode(undefined, 3)];
    const alice = await member(a, 'alice');
    const bob = await member(b, 'bob');
    for (const text of ['one', 'two']) await alice.roundTrip(text);
    for (const text of ['three', 'four']) await bob.roundTrip(text);

    const erin = await connect(a);
    const ack = await erin.request('join', { name: 'erin' });
    const history = ack.history as Payload[];
    expect(texts(history)).to.deep.equal(['two', 'three', 'four']);
    expect(history[0]).to.include({ room: 'general', name: 'alice' }).and.have.keys(['id', 'room', 'name', 'text', 'time']);
    expect(history[2]).to.include({ room: 'general', name: 'bob' });

    // Switching rooms reads the same shared history.
    expect(await bob.request('switch', { room: 'random' })).to.deep.equal({ ok: true, room: 'random', history: [] });
    await bob.roundTrip('random on B');
    expect(texts((await erin.request('switch', { room: 'random' })).history as Payload[])).to.deep.equal(['random on B']);

    // The layout docs/scaling.md and the README describe: one JSON message (with its id) per entry, oldest first.
    const stored = await admin!.lRange('rtio-chat:history:general', 0, -1);
    expect(stored.map((entry) => JSON.parse(entry).text)).to.deep.equal(['two', 'three', 'four']);
    expect(logged).to.deep.equal([]);
  });

  let keys = 0;
  describeMessageStore('Redis store', async (options) => createRedisStore({ client: admin!, key: `contract-${++keys}`, ...options }));

  it('the Redis store skips entries it did not write, keeps nothing at historySize 0, and fails at once when not connected', async () => {
    const message = { room: 'general', name: 'alice', text: 'hi', time: '2024-01-01T00:00:00.000Z' };
    const store = createRedisStore({ client: admin!, historySize: 5, key: 'test' });
    await admin!.rPush('test:history:general', ['not json', '{"room":"general","name":"mallory"}', '42']);
    const stored = await store.append('general', { ...message, extra: 'dropped' } as typeof message);
    expect(await store.recent('general')).to.deep.equal([{ id: stored.id, ...message }]);

    const none = createRedisStore({ client: admin!, historySize: 0, key: 'none' });
    await none.append('general', message);
    expect(await none.recent('general')).to.deep.equal([]);
    expect(await admin!.exists('none:history:general')).to.equal(0);

    // Unconnected, node-redis would queue the command until Redis is there: the store refuses instead.
    const offline = createRedisStore({ client: createClient({ url: redis!.url }), key: 'offline' });
    let failure: unknown;
    await offline.append('general', message).catch((error: unknown) => (failure = error));
    expect(failure).to.be.an('error').with.property('message', 'Redis is not connected');
    await offline.recent('general').then(
      () => expect.fail('recent() should have failed'),
      (error: unknown) => expect(error).to.be.an('error').with.property('message', 'Redis is not connected'),
    );
    expect(() => createRedisStore({ client: admin!, historySize: -1 })).to.throw(RangeError);
  });

  it('refuses to start when its Redis cannot be reached, and says which', async () => {
    const port = await freePort();
    let failure: unknown;
    await startNode(`redis://127.0.0.1:${port}`).catch((error: unknown) => (failure = error));
    expect(failure).to.be.an('error');
    expect((failure as Error).message).to.match(new RegExp(`^cannot connect to Redis at 127\\.0\\.0\\.1:${port}: `));
  });

  it('keeps serving its own people while Redis is away, and carries messages across again once it is back', async () => {
    // A Redis of its own: this one is killed and restarted on the same port.
    const own = await startRedis();
    try {
      const [a, b] = [await startNode(own.url), await startNode(own.url)];
      const alice = await member(a, 'alice');
      const bob = await member(b, 'bob');
      await alice.online('general', ['alice', 'bob']);

      await own.kill();
      await logLines(/Redis (pub|sub) client .* lost/, 4); // both clients of both nodes

      // The message goes out on node A; saving it to the history fails, and that is only logged.
      await alice.roundTrip('while Redis is away');
      expect(logged.filter((line) => line.startsWith('chat: cannot save a message of general to the history'))).to.have.length(1);
      // Someone new can join node A: no history, and node A's people for who is online.
      const frank = await connect(a);
      expect(await frank.request('join', { name: 'frank' })).to.deep.equal({ ok: true, name: 'frank', room: 'general', rooms: ['general', 'random'], history: [] });
      await alice.online('general', ['alice', 'frank']);
      expect(logged.some((line) => line.startsWith('chat: cannot ask the other nodes'))).to.equal(true);

      await own.restart();
      await logLines(/Redis (pub|sub) client .* reconnected/, 4);
      await alice.roundTrip('Redis is back');
      await bob.waitFor('message', (m) => m.text === 'Redis is back');
      // What was said meanwhile was not queued and delivered late: it would have come first.
      expect(texts(bob.all('message'))).to.deep.equal(['Redis is back']);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
      nodes = [];
      await own.stop();
    }
  });
});
