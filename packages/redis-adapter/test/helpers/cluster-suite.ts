// What the multi-node suites share: starting nodes until they all see each other, stopping them,
// and telling which clients a broadcast reached.
import type { RedisAdapterOptions } from '@rtio/redis-adapter';
import { startNode, type ClusterNode } from './cluster.js';
import type { TestClient } from './clients.js';
import { eventually } from './eventually.js';

/** Short heartbeats so a cluster forms quickly; a timeout of ten heartbeats so a busy CI machine drops no live node. */
export const FAST_OPTIONS: Partial<RedisAdapterOptions> = { requestsTimeout: 1500, heartbeatInterval: 200, heartbeatTimeout: 2000 };

/** Starts one node per name, then waits until each counts `expectedCount` servers (all of them by default). */
export async function startCluster(
  redisUrl: string,
  names: string[],
  options: Partial<RedisAdapterOptions> = FAST_OPTIONS,
  expectedCount = names.length,
): Promise<ClusterNode[]> {
  const started = await Promise.allSettled(names.map((name) => startNode(redisUrl, name, options)));
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await stopNodes(nodes);
    throw failure.reason;
  }
  try {
    await Promise.all(nodes.map((node) => waitForServerCount(node, expectedCount)));
  } catch (error) {
    await stopNodes(nodes);
    throw error;
  }
  return nodes;
}

export function waitForServerCount(node: ClusterNode, count: number, timeoutMs = 5000): Promise<number> {
  return eventually(
    () => node.request<number>({ op: 'serverCount' }),
    (seen) => seen === count,
    { what: `${node.name} to count ${count} servers`, timeoutMs, intervalMs: 100 },
  );
}

/** Stops every node that still runs; all are tried even if one fails. */
export async function stopNodes(nodes: ClusterNode[]): Promise<void> {
  const results = await Promise.allSettled(nodes.map((node) => node.stop()));
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failures.length > 0) throw new AggregateError(failures.map((f) => f.reason), `${failures.length} node(s) did not stop cleanly`);
}

/** Waits until no node has a socket left (clients of the previous test gone everywhere). */
export async function waitForNoSockets(nodes: ClusterNode[]): Promise<void> {
  await Promise.all(
    nodes.map((node) =>
      eventually(
        () => node.request<{ localSockets: number }>({ op: 'ping' }),
        (status) => status.localSockets === 0,
        { what: `${node.name} to have no sockets left` },
      ),
    ),
  );
}

/**
 * Broadcasts a sentinel from `from` to every client and waits for it everywhere. Redis delivers one
 * publisher's messages in order, and each client gets its node's events in order, so whatever an
 * earlier broadcast from `from` would have delivered has arrived by then.
 */
export async function settle(from: ClusterNode, clients: TestClient[]): Promise<void> {
  const arrived = clients.map((client) => client.next('__sentinel'));
  await from.request({ op: 'emit', event: '__sentinel', args: [] });
  await Promise.all(arrived);
}

/** Names of the clients that received `event` at least once, sorted. */
export function reached(clients: TestClient[], event: string): string[] {
  return clients.filter((client) => client.argsOf(event).length > 0).map((client) => client.name).sort();
}

/** Problems (unhandled errors) every node reported, for one assertion at the end of a suite. */
export function problemsOf(nodes: ClusterNode[]): string[] {
  return nodes.flatMap((node) => node.problems.map((problem) => `${node.name}: ${problem}`));
}
