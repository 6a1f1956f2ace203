// socket.timeout(ms) / socket.volatile / socket.compress(b): an emitter carrying flags for one emit,
// immutable so a flag never leaks into the next emit. With a timeout, ack callbacks take an error first.
import type {
  AckResult,
  BroadcastFlags,
  DefaultEventsMap,
  EventNames,
  EventParams,
  EventsMap,
  ParamsWithoutAck,
  WithErrorAck,
} from './types.js';

/** How the flagged emitter reaches its socket. `errorFirstAck`: the ack takes (error, ...response). */
export type FlaggedSend = (flags: Readonly<BroadcastFlags>, event: string, args: unknown[], errorFirstAck?: boolean) => boolean;

/** The parameters of an emit: with a timeout, the ack callback receives an error first. */
type FlaggedParams<Emit extends EventsMap, E extends EventNames<Emit>, Timed extends boolean> = Timed extends true
  ? WithErrorAck<EventParams<Emit, E>>
  : EventParams<Emit, E>;

export class FlaggedEmitter<Emit extends EventsMap = DefaultEventsMap, Timed extends boolean = false> {
  constructor(
    private readonly send: FlaggedSend,
    private readonly flags: Readonly<BroadcastFlags>,
  ) {}

  emit<E extends EventNames<Emit>>(event: E, ...args: FlaggedParams<Emit, E, Timed>): boolean {
    return this.send(this.flags, event, args);
  }

  /** Resolves with the first argument of the peer's ack; rejects on timeout or disconnect. */
  emitWithAck<E extends EventNames<Emit>>(event: E, ...args: ParamsWithoutAck<Emit, E>): Promise<AckResult<Emit, E>> {
    return new Promise((resolve, reject) => {
      const callback = (error: Error | null, response: AckResult<Emit, E>) => (error ? reject(error) : resolve(response));
      this.send(this.flags, event, [...args, callback], true);
    });
  }

  timeout(ms: number): FlaggedEmitter<Emit, true> {
    return new FlaggedEmitter<Emit, true>(this.send, { ...this.flags, timeout: ms });
  }

  get volatile(): FlaggedEmitter<Emit, Timed> {
    return new FlaggedEmitter<Emit, Timed>(this.send, { ...this.flags, volatile: true });
  }

  compress(compress: boolean): FlaggedEmitter<Emit, Timed> {
    return new FlaggedEmitter<Emit, Timed>(this.send, { ...this.flags, compress });
  }
}
