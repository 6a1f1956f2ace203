// Types that derive emit signatures from event maps: acks with an error first, emitWithAck.
import type { EventNames, EventParams, EventsMap } from './emitter.js';

type Last<T extends unknown[]> = T extends [...unknown[], infer L] ? L : never;
type AllButLast<T extends unknown[]> = T extends [...infer Head, unknown] ? Head : T;

/** The parameters of an emit whose ack callback also receives an error (timeouts). */
export type WithErrorAck<P extends unknown[]> = P extends [...infer Rest, infer Callback]
  ? Callback extends (...response: infer R) => void
    ? [...Rest, (error: Error | null, ...response: R) => void]
    : P
  : P;

/** The parameters of emitWithAck: everything but the ack callback. */
export type ParamsWithoutAck<Map extends EventsMap, E extends EventNames<Map>> = AllButLast<EventParams<Map, E>>;

/** What emitWithAck resolves to: the first argument of the event's ack callback. */
export type AckResult<Map extends EventsMap, E extends EventNames<Map>> =
  Last<EventParams<Map, E>> extends (...response: infer R) => void ? R[0] : unknown;
