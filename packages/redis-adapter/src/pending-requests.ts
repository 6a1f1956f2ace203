// Requests to the other nodes: one answer expected from each node alive when it was sent; done
// when all answered, when the silent ones are known dead, or when the time is up.

export interface NodeAnswer {
  node: string;
  payload: unknown;
}

export interface RequestOutcome {
  answers: NodeAnswer[];
  /** The nodes that did not answer in time (empty when all did). */
  missing: string[];
}

interface Pending {
  waitingFor: Set<string>;
  answers: NodeAnswer[];
  timer: ReturnType<typeof setTimeout>;
  finish: (outcome: RequestOutcome) => void;
}

export class PendingRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** Waits for one answer from each of `nodes`; always resolves (see `missing`). */
  start(nodes: readonly string[], timeoutMs: number): { id: number; outcome: Promise<RequestOutcome> } {
    const id = this.nextId++;
    const outcome = new Promise<RequestOutcome>((resolve) => {
      const entry: Pending = {
        waitingFor: new Set(nodes),
        answers: [],
        timer: setTimeout(() => this.end(id), timeoutMs),
        finish: resolve,
      };
      entry.timer.unref?.();
      this.pending.set(id, entry);
      if (entry.waitingFor.size === 0) this.end(id);
    });
    return { id, outcome };
  }

  /** An answer to request `id` from `node`; a second one from the same node is ignored. */
  answer(id: number, node: string, payload: unknown): void {
    const entry = this.pending.get(id);
    if (!entry?.waitingFor.delete(node)) return;
    entry.answers.push({ node, payload });
    if (entry.waitingFor.size === 0) this.end(id);
  }

  /** `node` is gone (closed, or silent past heartbeatTimeout): no request waits for it any more. */
  forgetNode(node: string): void {
    for (const [id, entry] of [...this.pending]) {
      if (entry.waitingFor.delete(node) && entry.waitingFor.size === 0) this.end(id);
    }
  }

  /** Ends every request now, the silent nodes counted as missing. */
  endAll(): void {
    for (const id of [...this.pending.keys()]) this.end(id);
  }

  private end(id: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.finish({ answers: entry.answers, missing: [...entry.waitingFor] });
  }
}
