// The Emitter with the rest of Node's EventEmitter surface, for the server's objects: code written
// for Socket.IO (admin UI, plugins) calls prependListener, removeListener, eventNames… on them.
// Kept out of Emitter so the browser bundle does not carry it.
import { Emitter, type AllEventNames, type AnyListener, type EventsMap, type ListenerFor, type NoEvents, type OnceWrapper } from './emitter.js';

/** Node's default, reported by getMaxListeners(); rtio never warns about many listeners. */
const DEFAULT_MAX_LISTENERS = 10;

function unwrap(listener: AnyListener): AnyListener {
  return (listener as Partial<OnceWrapper>).original ?? listener;
}

/**
 * @example
 * io.of('/').prependListener('connection', (socket) => audit(socket)); // runs before the app's
 */
export class NodeEmitter<Listen extends EventsMap = NoEvents, Reserved extends EventsMap = NoEvents> extends Emitter<Listen, Reserved> {
  addListener<E extends AllEventNames<Listen, Reserved>>(event: E, listener: ListenerFor<Listen, Reserved, E>): this {
    return this.on(event, listener);
  }

  /** Adds a listener that runs before those already there. */
  prependListener<E extends AllEventNames<Listen, Reserved>>(event: E, listener: ListenerFor<Listen, Reserved, E>): this {
    const list = this.listenerTable[event];
    this.listenerTable[event] = list ? [listener, ...list] : [listener];
    return this;
  }

  prependOnceListener<E extends AllEventNames<Listen, Reserved>>(event: E, listener: ListenerFor<Listen, Reserved, E>): this {
    // once() appends its wrapper; moving it to the front keeps the wrapper's removal logic.
    this.once(event, listener);
    const list = this.listenerTable[event] as AnyListener[];
    this.listenerTable[event] = [list[list.length - 1] as AnyListener, ...list.slice(0, -1)];
    return this;
  }

  /** The listeners as they were added (once() listeners unwrapped), as Node's listeners() returns them. */
  override listeners<E extends AllEventNames<Listen, Reserved>>(event: E): Array<ListenerFor<Listen, Reserved, E>> {
    return (this.listenerTable[event] ?? []).map(unwrap) as Array<ListenerFor<Listen, Reserved, E>>;
  }

  /** The listeners with once() wrappers left in place. */
  rawListeners<E extends AllEventNames<Listen, Reserved>>(event: E): Array<ListenerFor<Listen, Reserved, E>> {
    return (this.listenerTable[event] ?? []).slice() as Array<ListenerFor<Listen, Reserved, E>>;
  }

  /** How many listeners an event has; with `listener`, how many times that one was added. */
  override listenerCount(event: AllEventNames<Listen, Reserved>, listener?: (...args: never[]) => unknown): number {
    const list = this.listenerTable[event] ?? [];
    return listener === undefined ? list.length : list.filter((l) => unwrap(l) === listener).length;
  }

  eventNames(): Array<AllEventNames<Listen, Reserved>> {
    return Object.keys(this.listenerTable).filter((name) => this.listenerTable[name] !== undefined) as Array<AllEventNames<Listen, Reserved>>;
  }

  /** Accepted for Node compatibility: rtio prints no "possible leak" warning, so the limit changes nothing. */
  setMaxListeners(count: number): this {
    if (!(count >= 0)) throw new RangeError(`setMaxListeners(n) needs a non-negative number, got ${String(count)}`);
    maxListeners.set(this, count);
    return this;
  }

  getMaxListeners(): number {
    return maxListeners.get(this) ?? DEFAULT_MAX_LISTENERS;
  }
}

/** Outside the instances: a server holds many sockets, and almost none sets a limit. */
const maxListeners = new WeakMap<object, number>();
