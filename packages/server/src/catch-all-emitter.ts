// Socket.IO's catch-all listeners of a server socket: onAny (every incoming event) and
// onAnyOutgoing (every event sent), on top of Node's emitter methods.
import { NodeEmitter, type EventsMap } from '@rtio/protocol';

export type AnyListener = (event: string, ...args: unknown[]) => void;
const NONE: never[] = [];

export class CatchAllEmitter<Listen extends EventsMap, Reserved extends EventsMap> extends NodeEmitter<Listen, Reserved> {
  // Replaced rather than changed, so iterating needs no copy; shared empty by default (a server
  // holds many sockets, few with catch-all listeners).
  protected anyListeners: AnyListener[] = NONE;
  protected anyOutgoingListeners: AnyListener[] = NONE;

  onAny(listener: AnyListener): this {
    this.anyListeners = [...this.anyListeners, listener];
    return this;
  }

  prependAny(listener: AnyListener): this {
    this.anyListeners = [listener, ...this.anyListeners];
    return this;
  }

  offAny(listener?: AnyListener): this {
    this.anyListeners = listener ? this.anyListeners.filter((l) => l !== listener) : NONE;
    return this;
  }

  listenersAny(): AnyListener[] {
    return this.anyListeners.slice();
  }

  onAnyOutgoing(listener: AnyListener): this {
    this.anyOutgoingListeners = [...this.anyOutgoingListeners, listener];
    return this;
  }

  prependAnyOutgoing(listener: AnyListener): this {
    this.anyOutgoingListeners = [listener, ...this.anyOutgoingListeners];
    return this;
  }

  offAnyOutgoing(listener?: AnyListener): this {
    this.anyOutgoingListeners = listener ? this.anyOutgoingListeners.filter((l) => l !== listener) : NONE;
    return this;
  }

  listenersAnyOutgoing(): AnyListener[] {
    return this.anyOutgoingListeners.slice();
  }
}
