// Several clients at once, and counting which of them a broadcast reached.
import { nextEvent, within } from './events.js';
import { connectPair, startServer, type ConnectOptions, type Mode, type Pair, type ServerUnderTest } from './server-under-test.js';
import type { Disposer } from '../../helpers/index.js';

/** A fresh server and one connected client with its server-side socket, all registered with the disposer. */
export async function startPair(disposer: Disposer, mode: Mode): Promise<Pair & { server: ServerUnderTest }> {
  const server = disposer.add(await startServer());
  const { client, socket } = await connectPair(server, mode);
  disposer.add(client);
  return { server, client, socket };
}

/** Connects `count` clients to `nsp`, each registered with the disposer. */
export async function connectPairs(disposer: Disposer, server: ServerUnderTest, mode: Mode, count: number, nsp = '/', opts: ConnectOptions = {}): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const pair = await connectPair(server, mode, nsp, opts);
    disposer.add(pair.client);
    pairs.push(pair);
  }
  return pairs;
}

/**
 * Runs `act`, then broadcasts a sentinel to every socket of the namespace and waits for it: events
 * arrive in order per socket, so what each client got of `event` before the sentinel is all of it.
 * Returns, per pair, the argument lists of `event` received.
 */
export async function received(server: ServerUnderTest, pairs: Pair[], event: string, act: () => void, nsp = '/'): Promise<unknown[][][]> {
  const seen = pairs.map(() => [] as unknown[][]);
  const listeners = pairs.map((pair, i) => {
    const listener = (...args: unknown[]): void => void seen[i]?.push(args);
    pair.client.on(event, listener);
    return listener;
  });
  const sentinels = pairs.map((pair) => nextEvent(pair.client, '__sentinel'));
  act();
  server.io.of(nsp).emit('__sentinel');
  await within(Promise.all(sentinels), 3000, 'the sentinel on every client');
  pairs.forEach((pair, i) => pair.client.off(event, listeners[i]));
  return seen;
}

/** How many times each pair received `event` during `act`. */
export async function counts(server: ServerUnderTest, pairs: Pair[], event: string, act: () => void, nsp = '/'): Promise<number[]> {
  return (await received(server, pairs, event, act, nsp)).map((list) => list.length);
}
