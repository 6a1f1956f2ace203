// Pending acknowledgements: id allocation, per-ack timeouts on a Clock, reject-all on disconnect.
import { systemClock, type Clock, type TimerHandle } from './clock.js';

/** Called once per ack: with the peer's response, or with an error (timeout, disconnect). */
export type AckHandler = (error: Error | null, args: readonly unknown[]) => void;

/** The ack was not answered within its timeout. */
export class AckTimeoutError extends Error {
  override readonly name = 'AckTimeoutError';
  constructor(message = 'operation has timed out') {
    super(message);
  }
}

interface PendingAck {
  readonly handler: AckHandler;
  readonly timer: TimerHandle | undefined;
}

/**
 * The acks one side is waiting for. Each id is answered at most once: a response, a timeout or
 * `rejectAll` settles it and forgets it, so a late or duplicate response is ignored.
 * @example
 * const acks = new AckRegistry();
 * const id = acks.register((err, args) => console.log(err ?? args), 5000);
 * acks.resolve(id, ['ok']); // logs ['ok']
 */
export class AckRegistry {
  readonly #clock: Clock;
  readonly #pending = new Map<number, PendingAck>();
  #nextId = 0;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** The next free id; ids count up from 0 and are never reused by this registry. */
  allocateId(): number {
    return this.#nextId++;
  }

  /**
   * Waits for the ack `id` (a fresh one by default). With `timeoutMs`, the handler gets an
   * AckTimeoutError if no response comes in time. Returns the id.
   */
  register(handler: AckHandler, timeoutMs?: number, id: number = this.allocateId()): number {
    this.cancel(id);
    const timer =
      timeoutMs === undefined
        ? undefined
        : this.#clock.setTimeout(() => {
            this.#pending.delete(id);
            handler(new AckTimeoutError(), []);
          }, timeoutMs);
    this.#pending.set(id, { handler, timer });
    return id;
  }

  /** Delivers a response. Returns false when nothing waits for this id (late or unsolicited). */
  resolve(id: number, args: readonly unknown[]): boolean {
    const entry = this.#take(id);
    entry?.handler(null, args);
    return entry !== undefined;
  }

  /** Forgets an ack without calling its handler. */
  cancel(id: number): boolean {
    return this.#take(id) !== undefined;
  }

  /** Settles every pending ack with `error` (the connection is gone); the registry is left empty. */
  rejectAll(error: Error): void {
    // Every entry is taken first, so a handler that registers a new ack keeps it.
    const entries = [...this.#pending.keys()].map((id) => this.#take(id) as PendingAck);
    for (const entry of entries) entry.handler(error, []);
  }

  has(id: number): boolean {
    return this.#pending.has(id);
  }

  get size(): number {
    return this.#pending.size;
  }

  #take(id: number): PendingAck | undefined {
    const entry = this.#pending.get(id);
    this.#pending.delete(id);
    if (entry?.timer !== undefined) this.#clock.clearTimeout(entry.timer);
    return entry;
  }
}
