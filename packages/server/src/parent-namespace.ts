// Dynamic namespaces: io.of(/^\/room-\d+$/) or io.of((name, auth, next) => …) creates a child
// namespace for each matching name on first connect; the child inherits middlewares and listeners.
import type { Socket } from './socket.js';
import { Namespace, type NamespaceHost } from './namespace.js';
import type { AdapterConstructor } from './adapter/adapter.js';
import { ParentBroadcastAdapter } from './adapter/parent-adapter.js';
import type { DefaultEventsMap, EventsMap } from './types.js';

export type NamespaceMatcher =
  | RegExp
  | ((name: string, auth: Record<string, unknown>, next: (error: Error | null, allow: boolean) => void) => void);

let parentCount = 0;

export class ParentNamespace<
  Listen extends EventsMap = DefaultEventsMap,
  Emit extends EventsMap = Listen,
  ServerSide extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Data = any,
> extends Namespace<Listen, Emit, ServerSide, Data> {
  readonly children = new Set<Namespace<Listen, Emit, ServerSide, Data>>();

  constructor(
    host: NamespaceHost,
    private readonly matcher: NamespaceMatcher,
  ) {
    // The cast: this adapter needs the children, which only a parent has.
    super(host, `/_${parentCount++}`, false, ParentBroadcastAdapter as unknown as AdapterConstructor);
  }

  /** The parent's adapter stays the one that fans out to the children. */
  override setAdapter(): void {}

  /** Whether a namespace name belongs to this parent. */
  matches(name: string, auth: Record<string, unknown>, callback: (allow: boolean) => void): void {
    if (this.matcher instanceof RegExp) {
      callback(this.matcher.test(name));
      return;
    }
    let answered = false;
    try {
      this.matcher(name, auth, (error, allow) => {
        if (answered) return;
        answered = true;
        callback(!error && allow);
      });
    } catch (error) {
      this.reportError(error, `namespace matcher for "${name}"`);
      if (!answered) callback(false);
    }
  }

  createChild(host: NamespaceHost, name: string): Namespace<Listen, Emit, ServerSide, Data> {
    const child = new Namespace<Listen, Emit, ServerSide, Data>(host, name, true);
    for (const middleware of this.middlewares) child.use(middleware);
    for (const event of ['connect', 'connection'] as const) {
      for (const listener of this.listeners(event)) child.on(event, listener as (socket: Socket<Listen, Emit, ServerSide, Data>) => void);
    }
    this.children.add(child);
    return child;
  }

}
