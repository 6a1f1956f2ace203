// A small, flat, typed event emitter shared by server and client.

/** A map from event name to listener signature. Interfaces work here as well as type literals. */
export interface EventsMap {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [event: string]: any;
}

/** The empty map, for emitters without one kind of events. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NoEvents {}

export type EventNames<Map extends EventsMap> = keyof Map & string;
export type EventParams<Map extends EventsMap, E extends EventNames<Map>> = Parameters<Map[E]>;

/** Names an emitter accepts listeners for: its application events and its reserved ones. */
export type AllEventNames<Listen extends EventsMap, Reserved extends EventsMap> = EventNames<Listen> | EventNames<Reserved>;

/** A reserved event's signature wins over an application event of the same name. */
export type ListenerFor<Listen extends EventsMap, Reserved extends EventsMap, E> = E extends keyof Reserved
  ? Reserved[E]
  : E extends keyof Listen
    ? Listen[E]
    : never;

export type AnyListener = (...args: never[]) => unknown;
export interface OnceWrapper {
  (...args: unknown[]): void;
  readonly original: AnyListener;
}

/**
 * Listeners for application events (`Listen`) and for events only the emitter itself raises
 * (`Reserved`, emitted through the protected `emitReserved`). `on()` returns `this` so code written
 * for Socket.IO's chaining style keeps working.
 * @example
 * class Door extends Emitter<{ knock: (who: string) => void }> {}
 * new Door().on('knock', (who) => console.log(who));
 */
export class Emitter<Listen extends EventsMap = NoEvents, Reserved extends EventsMap = NoEvents> {
  // A prototype-less object: no inherited member can be read or replaced through an event name
  // (even "__proto__" is a plain key). Made with setPrototypeOf, V8 keeps it in fast mode, far
  // smaller than a Map or Object.create(null); a server holds one per socket. Lists are replaced,
  // never changed, so dispatch iterates without copying. Protected for NodeEmitter (renamed in the
  // browser bundle).
  protected listenerTable: Record<string, AnyListener[] | undefined> = Object.setPrototypeOf({}, null);

  on<E extends AllEventNames<Listen, Reserved>>(event: E, listener: ListenerFor<Listen, Reserved, E>): this {
    this.listenerTable[event] = this.listenerTable[event]?.concat(listener) ?? [listener];
    return this;
  }

  once<E extends AllEventNames<Listen, Reserved>>(event: E, listener: ListenerFor<Listen, Reserved, E>): this {
    const wrapper = ((...args: unknown[]) => {
      this.off(event, listener);
      (listener as (...a: unknown[]) => unknown)(...args);
    }) as OnceWrapper;
    (wrapper as { original: AnyListener }).original = listener;
    return this.on(event, wrapper as ListenerFor<Listen, Reserved, E>);
  }

  /** Removes one listener, every listener of one event, or (without arguments) every listener. */
  off<E extends AllEventNames<Listen, Reserved>>(event?: E, listener?: ListenerFor<Listen, Reserved, E>): this {
    if (event === undefined) {
      this.listenerTable = Object.setPrototypeOf({}, null);
      return this;
    }
    const list = this.listenerTable[event];
    if (!list) return this;
    const index = list.findIndex((l) => l === listener || (l as Partial<OnceWrapper>).original === listener);
    const rest = listener === undefined ? [] : list.filter((_, i) => i !== index);
    this.listenerTable[event] = rest.length > 0 ? rest : undefined;
    return this;
  }

  /** Node's and the DOM's names for off(event, listener), which socket.io-client users call. */
  removeListener<E extends AllEventNames<Listen, Reserved>>(event: E, listener?: ListenerFor<Listen, Reserved, E>): this {
    return this.off(event, listener);
  }

  removeEventListener<E extends AllEventNames<Listen, Reserved>>(event: E, listener?: ListenerFor<Listen, Reserved, E>): this {
    return this.off(event, listener);
  }

  removeAllListeners<E extends AllEventNames<Listen, Reserved>>(event?: E): this {
    return this.off(event);
  }

  listeners<E extends AllEventNames<Listen, Reserved>>(event: E): Array<ListenerFor<Listen, Reserved, E>> {
    return (this.listenerTable[event] ?? []).slice() as Array<ListenerFor<Listen, Reserved, E>>;
  }

  listenerCount(event: AllEventNames<Listen, Reserved>): number {
    return this.listenerTable[event]?.length ?? 0;
  }

  hasListeners(event: AllEventNames<Listen, Reserved>): boolean {
    return this.listenerCount(event) > 0;
  }

  /** Calls the listeners of an application event. Returns whether there were any. */
  protected emitEvent<E extends EventNames<Listen>>(event: E, ...args: EventParams<Listen, E>): boolean {
    return this.dispatch(event, args);
  }

  /** Calls the listeners of an event that only the emitter raises (connect, disconnect…). */
  protected emitReserved<E extends EventNames<Reserved>>(event: E, ...args: EventParams<Reserved, E>): boolean {
    return this.dispatch(event, args);
  }

  /** Untyped dispatch for subclasses that route names decided at run time (incoming packets). */
  protected dispatch(event: string, args: readonly unknown[]): boolean {
    const list = this.listenerTable[event];
    if (!list) return false;
    // Listeners added or removed during the call take effect next time (the list is not changed).
    for (const listener of list) (listener as (...a: unknown[]) => unknown)(...args);
    return true;
  }
}
