// Broadcasting through an immutable builder: to/in/except/volatile/local/compress/timeout each
// return a new operator; emit hands one packet to the adapter, which encodes it once.
import { AckTimeoutError, PacketType, RESERVED_EVENTS, type Clock } from '@rtio/protocol';
import type { Adapter, FetchedSocket } from './adapter/adapter.js';
import {
  RtioUsageError,
  type BroadcastAckParams,
  type BroadcastFlags,
  type DefaultEventsMap,
  type EventNames,
  type EventParams,
  type EventsMap,
  type ParamsWithoutAck,
  type Room,
  type SocketId,
} from './types.js';

/** What an operator needs from its namespace. */
export interface BroadcastTarget {
  readonly name: string;
  readonly adapter: Adapter;
  readonly clock: Clock;
  allocateAckId(): number;
}

function roomList(rooms: Room | readonly Room[]): readonly Room[] {
  return typeof rooms === 'string' ? [rooms] : rooms;
}

/**
 * @example
 * io.to('room-1').except('banned').emit('news', { title: 'hi' });
 * io.timeout(5000).emit('ready?', (err, answers) => console.log(answers));
 */
export class BroadcastOperator<Emit extends EventsMap = DefaultEventsMap> {
  constructor(
    private readonly target: BroadcastTarget,
    private readonly rooms: ReadonlySet<Room> = new Set(),
    private readonly exceptRooms: ReadonlySet<Room> = new Set(),
    private readonly flags: Readonly<BroadcastFlags> = {},
  ) {}

  /** Targets the sockets in these rooms (added to any already targeted). */
  to(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return new BroadcastOperator(this.target, new Set([...this.rooms, ...roomList(rooms)]), this.exceptRooms, this.flags);
  }

  in(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return this.to(rooms);
  }

  /** Leaves out the sockets in these rooms. */
  except(rooms: Room | readonly Room[]): BroadcastOperator<Emit> {
    return new BroadcastOperator(this.target, this.rooms, new Set([...this.exceptRooms, ...roomList(rooms)]), this.flags);
  }

  /** Drops the packet for recipients whose transport cannot take it right now. */
  get volatile(): BroadcastOperator<Emit> {
    return this.withFlags({ volatile: true });
  }

  /** Only the sockets of this node, even with a multi-node adapter. */
  get local(): BroadcastOperator<Emit> {
    return this.withFlags({ local: true });
  }

  compress(compress: boolean): BroadcastOperator<Emit> {
    return this.withFlags({ compress });
  }

  /** Broadcast acks need a deadline: the callback gets (error, responses) when all answered or time ran out. */
  timeout(ms: number): BroadcastOperator<Emit> {
    if (!(ms >= 0)) throw new RtioUsageError(`timeout(ms) needs a non-negative number of milliseconds, got ${String(ms)}`);
    return this.withFlags({ timeout: ms });
  }

  emit<E extends EventNames<Emit>>(event: E, ...args: BroadcastAckParams<EventParams<Emit, E>>): boolean {
    if (RESERVED_EVENTS.has(event)) throw new RtioUsageError(`"${event}" is a reserved event name; pick another name`);
    const data: unknown[] = [event, ...args];
    const options = { rooms: this.rooms, except: this.exceptRooms, flags: this.flags };
    const last = data[data.length - 1];
    if (typeof last !== 'function') {
      this.target.adapter.broadcast({ type: PacketType.EVENT, nsp: this.target.name, data: data as [string, ...unknown[]] }, options);
      return true;
    }
    data.pop();
    this.emitWithCallback(data as [string, ...unknown[]], last as (error: Error | null, responses: unknown[]) => void);
    return true;
  }

  /**
   * Resolves with every recipient's response; rejects with AckTimeoutError when some are missing,
   * the responses that did arrive in its `responses`.
   */
  emitWithAck<E extends EventNames<Emit>>(event: E, ...args: ParamsWithoutAck<Emit, E>): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      const callback = (error: Error | null, responses: unknown[]) =>
        error ? reject(Object.assign(error, { responses })) : resolve(responses);
      (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args, callback);
    });
  }

  /** Ids of the targeted sockets, cluster-wide (the rooms of except() left out). */
  async allSockets(): Promise<Set<SocketId>> {
    const { adapter } = this.target;
    const [ids, excluded] = await Promise.all([
      adapter.sockets(this.rooms),
      this.exceptRooms.size > 0 ? adapter.sockets(this.exceptRooms) : new Set<SocketId>(),
    ]);
    for (const id of excluded) ids.delete(id);
    return ids;
  }

  fetchSockets(): Promise<FetchedSocket[]> {
    return this.target.adapter.fetchSockets(this.options());
  }

  socketsJoin(rooms: Room | readonly Room[]): void {
    this.target.adapter.addSockets(this.options(), [...roomList(rooms)]);
  }

  socketsLeave(rooms: Room | readonly Room[]): void {
    this.target.adapter.delSockets(this.options(), [...roomList(rooms)]);
  }

  disconnectSockets(close = false): void {
    this.target.adapter.disconnectSockets(this.options(), close);
  }

  private options() {
    return { rooms: this.rooms, except: this.exceptRooms, flags: this.flags };
  }

  private withFlags(flags: BroadcastFlags): BroadcastOperator<Emit> {
    return new BroadcastOperator(this.target, this.rooms, this.exceptRooms, { ...this.flags, ...flags });
  }

  private emitWithCallback(data: [string, ...unknown[]], callback: (error: Error | null, responses: unknown[]) => void): void {
    const timeout = this.flags.timeout;
    if (timeout === undefined) {
      throw new RtioUsageError('a broadcast with an ack callback needs a deadline: use .timeout(ms).emit(...)');
    }
    const { clock } = this.target;
    const responses: unknown[] = [];
    let expected: number | undefined;
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      callback(error, responses);
    };
    const timer = clock.setTimeout(() => settle(new AckTimeoutError()), timeout);
    const id = this.target.allocateAckId();
    this.target.adapter.broadcastWithAck({ type: PacketType.EVENT, nsp: this.target.name, id, data }, this.options(), {
      onClientCount: (count) => {
        expected = (expected ?? 0) + count;
        if (responses.length >= expected) settle(null);
      },
      onResponse: (response) => {
        responses.push(response);
        if (expected !== undefined && responses.length >= expected) settle(null);
      },
    });
  }
}
