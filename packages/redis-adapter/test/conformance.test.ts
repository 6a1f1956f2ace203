// The adapter contract every rtio adapter keeps (packages/server/test/adapter), run against the
// Redis adapter on a real Redis: one node, so it must behave like the in-memory adapter.
import { createAdapter } from '@rtio/redis-adapter';
import { adapterConformance } from '../../server/test/adapter/adapter-conformance.js';
import { connectPubSub, type PubSubPair } from './helpers/redis-clients.js';
import { startRedis, type RedisUnderTest } from './helpers/redis-server.js';

describe('redis adapter: conformance', () => {
  let redis: RedisUnderTest;
  const pairs: PubSubPair[] = [];

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });
  // mocha runs the suite's afterEach (adapter.close()) before this outer one: clients close last
  afterEach(async () => {
    await Promise.all(pairs.splice(0).map((pair) => pair.close()));
  });

  adapterConformance('RedisAdapter', async (nsp) => {
    const pair = await connectPubSub(redis.url);
    pairs.push(pair);
    const options = { key: 'conformance', requestsTimeout: 1000, heartbeatInterval: 200, heartbeatTimeout: 1000 };
    return new (createAdapter(pair.pub, pair.sub, options))(nsp);
  });
});
