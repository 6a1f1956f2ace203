// The other nodes of a namespace's cluster, as their heartbeats show them.

export class ClusterNodes {
  private readonly lastSeen = new Map<string, number>();

  constructor(
    private readonly heartbeatTimeout: number,
    private readonly onGone: (node: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Any message from `node` shows it is alive. */
  seen(node: string): void {
    this.lastSeen.set(node, this.now());
  }

  /** The node said it is closing. */
  remove(node: string): void {
    if (this.lastSeen.delete(node)) this.onGone(node);
  }

  /** Drops the nodes silent for longer than heartbeatTimeout. */
  sweep(): void {
    const oldest = this.now() - this.heartbeatTimeout;
    for (const [node, seenAt] of [...this.lastSeen]) if (seenAt < oldest) this.remove(node);
  }

  /** The nodes taken for alive now. */
  alive(): string[] {
    return [...this.lastSeen.keys()];
  }

  get size(): number {
    return this.lastSeen.size;
  }
}
