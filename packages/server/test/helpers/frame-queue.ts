// FrameQueue: buffers everything a connection receives so a test awaits items and never misses one.

/** Default failure guard for every wait, in milliseconds. Not a delay: waits end on the event. */
export const DEFAULT_WAIT_MS = 2000;

export type FrameQueueErrorCode = 'TIMEOUT' | 'CLOSED';

/** Why a wait on a FrameQueue failed: nothing arrived in time, or the source closed. */
export class FrameQueueError extends Error {
  override readonly name = 'FrameQueueError';
  readonly code: FrameQueueErrorCode;

  constructor(code: FrameQueueErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

interface Waiter<T> {
  /** What the test is waiting for, used in error messages. */
  what: string;
  predicate: ((item: T) => boolean) | undefined;
  resolve: (item: T) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const PREVIEW_ITEMS = 5;
const PREVIEW_CHARS = 80;

/** A short printable form of one item, for error messages. */
export function previewItem(item: unknown): string {
  let text: string;
  if (Buffer.isBuffer(item)) text = `<Buffer ${item.subarray(0, 16).toString('hex')}${item.length > 16 ? '…' : ''} (${item.length} bytes)>`;
  else if (typeof item === 'string') text = JSON.stringify(item);
  else {
    try {
      text = JSON.stringify(item) ?? String(item);
    } catch {
      text = String(item);
    }
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function previewList(items: readonly unknown[]): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(-PREVIEW_ITEMS).map(previewItem).join(', ');
  return items.length > PREVIEW_ITEMS ? `…, ${shown}` : shown;
}

/**
 * An unbounded FIFO of received items with promise-based waits. Items pushed while nobody waits
 * stay buffered; waiters are served in call order. After `close()`, buffered items are still
 * handed out, then every wait rejects with the close reason.
 * @example
 * const frames = new FrameQueue<string>('frame');
 * socket.on('message', (data) => frames.push(String(data)));
 * const open = await frames.next();                               // '0{"sid":…}'
 * const event = await frames.waitFor((f) => f.startsWith('42'));  // skips pings, keeps them in `skipped`
 */
export class FrameQueue<T> {
  /** Items consumed by `waitFor()` without matching, oldest first. */
  readonly skipped: T[] = [];
  private readonly items: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private closeReason: string | undefined;

  /** `label` names one item in error messages ("frame", "packet"…). */
  constructor(readonly label = 'item') {}

  /** Items buffered and not yet consumed. */
  get size(): number {
    return this.items.length;
  }

  get closed(): boolean {
    return this.closeReason !== undefined;
  }

  /** Adds an item; ignored once closed (a closed source produces nothing more). */
  push(item: T): void {
    if (this.closeReason !== undefined) return;
    this.items.push(item);
    this.dispatch();
  }

  /** Resolves with the next item, buffered or future. */
  next(timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
    return this.wait(undefined, `the next ${this.label}`, timeoutMs);
  }

  /**
   * Consumes items until one matches and resolves with it; the others go to `skipped`.
   * `description` says what is awaited, for the timeout message.
   */
  waitFor(predicate: (item: T) => boolean, timeoutMs = DEFAULT_WAIT_MS, description = 'the predicate'): Promise<T> {
    return this.wait(predicate, `a ${this.label} matching ${description}`, timeoutMs);
  }

  /** Removes and returns every buffered item. */
  drain(): T[] {
    return this.items.splice(0, this.items.length);
  }

  /** Rejects pending waits, and future ones once the buffer is empty, with `reason`. */
  close(reason: string): void {
    if (this.closeReason !== undefined) return;
    this.closeReason = reason;
    this.dispatch();
  }

  private wait(predicate: ((item: T) => boolean) | undefined, what: string, timeoutMs: number): Promise<T> {
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(new RangeError(`timeoutMs must be a finite number ≥ 0, got ${timeoutMs}`));
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        what,
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => this.expire(waiter, timeoutMs), timeoutMs),
      };
      this.waiters.push(waiter);
      this.dispatch();
    });
  }

  /** Hands buffered items to waiters in order; then fails the waiters left if closed. */
  private dispatch(): void {
    while (this.waiters.length > 0 && this.items.length > 0) {
      const waiter = this.waiters[0] as Waiter<T>;
      const item = this.items.shift() as T;
      let matches: boolean;
      try {
        matches = waiter.predicate === undefined || waiter.predicate(item);
      } catch (error) {
        this.skipped.push(item);
        this.settle(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (!matches) {
        this.skipped.push(item);
        continue;
      }
      this.settle(waiter);
      waiter.resolve(item);
    }
    if (this.closeReason === undefined || this.items.length > 0) return;
    for (const waiter of this.waiters.splice(0, this.waiters.length)) {
      clearTimeout(waiter.timer);
      waiter.reject(new FrameQueueError('CLOSED', `${this.describe()} closed (${this.closeReason}) while waiting for ${waiter.what}; ${this.recent()}`));
    }
  }

  private settle(waiter: Waiter<T>): void {
    clearTimeout(waiter.timer);
    const index = this.waiters.indexOf(waiter);
    if (index !== -1) this.waiters.splice(index, 1);
  }

  private expire(waiter: Waiter<T>, timeoutMs: number): void {
    const index = this.waiters.indexOf(waiter);
    if (index === -1) return;
    this.waiters.splice(index, 1);
    waiter.reject(new FrameQueueError('TIMEOUT', `${this.describe()} timed out after ${timeoutMs} ms waiting for ${waiter.what}; ${this.recent()}`));
  }

  private describe(): string {
    return `FrameQueue<${this.label}>`;
  }

  private recent(): string {
    return `buffered: ${previewList(this.items)}; skipped: ${previewList(this.skipped)}`;
  }
}
