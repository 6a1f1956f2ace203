// The adapter of a dynamic parent namespace (io.of(/regex/)): it has no sockets of its own, so
// every broadcast and socket operation goes to the adapters of its child namespaces.
import type { Packet } from '@rtio/protocol';
import { RtioUsageError, type BroadcastOptions, type Room, type SocketId } from '../types.js';
import { Adapter, type AdapterNamespace, type BroadcastAckCallbacks, type FetchedSocket } from './adapter.js';

/** A child namespace as the parent's adapter uses it. */
export interface ChildNamespace {
  readonly name: string;
  readonly adapter: Adapter;
  allocateAckId(): number;
}

export interface ParentAdapterNamespace extends AdapterNamespace {
  readonly children: ReadonlySet<ChildNamespace>;
}

/**
 * @example
 * io.of(/^\/team-\d+$/).to('admins').emit('notice', 'hi'); // the admins of every team namespace
 */
export class ParentBroadcastAdapter extends Adapter {
  constructor(private readonly parent: ParentAdapterNamespace) {
    super(parent);
  }

  addAll(): void {}
  del(): void {}
  delAll(): void {}
  socketRooms(): ReadonlySet<Room> | undefined {
    return undefined;
  }

  async sockets(rooms: ReadonlySet<Room>): Promise<Set<SocketId>> {
    const perChild = await Promise.all(this.children().map((child) => child.adapter.sockets(rooms)));
    return new Set(perChild.flatMap((ids) => [...ids]));
  }

  broadcast(packet: Packet, options: BroadcastOptions): void {
    for (const child of this.children()) child.adapter.broadcast({ ...packet, nsp: child.name }, options);
  }

  /**
   * Each child gets its own ack id (the client answers per namespace). The count is reported once,
   * when every child has reported its own (a multi-node child does so later).
   */
  broadcastWithAck(packet: Packet, options: BroadcastOptions, callbacks: BroadcastAckCallbacks): void {
    const children = this.children();
    let waiting = children.length;
    let total = 0;
    if (waiting === 0) callbacks.onClientCount(0);
    for (const child of children) {
      child.adapter.broadcastWithAck({ ...packet, nsp: child.name, id: child.allocateAckId() } as Packet, options, {
        onClientCount: (count) => {
          total += count;
          if (--waiting === 0) callbacks.onClientCount(total);
        },
        onResponse: (response) => callbacks.onResponse(response),
      });
    }
  }

  async fetchSockets(options: BroadcastOptions): Promise<FetchedSocket[]> {
    const perChild = await Promise.all(this.children().map((child) => child.adapter.fetchSockets(options)));
    return perChild.flat();
  }

  addSockets(options: BroadcastOptions, rooms: Room[]): void {
    for (const child of this.children()) child.adapter.addSockets(options, rooms);
  }

  delSockets(options: BroadcastOptions, rooms: Room[]): void {
    for (const child of this.children()) child.adapter.delSockets(options, rooms);
  }

  disconnectSockets(options: BroadcastOptions, close: boolean): void {
    for (const child of this.children()) child.adapter.disconnectSockets(options, close);
  }

  /** Server-side events belong to one namespace; a parent has none of its own (as in Socket.IO). */
  serverSideEmit(): void {
    throw new RtioUsageError('serverSideEmit() is not supported on a dynamic parent namespace; call it on a child: io.of("/team-1")');
  }

  async serverCount(): Promise<number> {
    return 1;
  }

  async roomSize(room: Room): Promise<number> {
    const sizes = await Promise.all(this.children().map((child) => child.adapter.roomSize(room)));
    return sizes.reduce((sum, size) => sum + size, 0);
  }

  /** A snapshot: a child may be freed while an operation runs. */
  private children(): ChildNamespace[] {
    return [...this.parent.children];
  }
}
