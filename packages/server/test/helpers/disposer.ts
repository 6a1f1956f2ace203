// Disposer: the registry a test fills with what it opened and empties in afterEach.

/** Something a disposer can release: a function, or an object with close() or dispose(). */
export type Disposable = (() => unknown) | { close(): unknown } | { dispose(): unknown };

function release(item: Disposable): unknown {
  if (typeof item === 'function') return item();
  if ('dispose' in item && typeof item.dispose === 'function') return item.dispose();
  return (item as { close(): unknown }).close();
}

/**
 * Releases registered resources in reverse order of registration (clients before the server
 * they talk to), awaiting each. A failure does not stop the others: all errors are thrown
 * together as an AggregateError at the end. Resources added while disposing are released too.
 *
 * `close()` must return a promise if it finishes asynchronously; for callback-style closers
 * (node:http Server) register a function: `disposer.add(() => new Promise((r) => server.close(() => r())))`.
 * @example
 * const disposer = new Disposer();
 * afterEach(() => disposer.disposeAll());
 * const client = disposer.add(await RawWebSocket.connect(baseUrl));
 */
export class Disposer {
  private readonly items: Disposable[] = [];

  /** Registers `item` and returns it, so it can wrap the expression that opens it. */
  add<T extends Disposable>(item: T): T {
    this.items.push(item);
    return item;
  }

  /** Resources still registered. */
  get size(): number {
    return this.items.length;
  }

  async disposeAll(): Promise<void> {
    const errors: unknown[] = [];
    let released = 0;
    for (let item = this.items.pop(); item !== undefined; item = this.items.pop()) {
      released++;
      try {
        await release(item);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) {
      const details = errors.map((error) => (error instanceof Error ? error.message : String(error))).join('; ');
      throw new AggregateError(errors, `${errors.length} of ${released} disposals failed: ${details}`);
    }
  }
}
