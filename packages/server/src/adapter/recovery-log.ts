// Connection state recovery on one node: the packets a disconnected socket missed, kept until it
// comes back (same id, rooms, data, and those packets in order) or its session expires.
//
// Two parts, so that restoring costs what the socket missed, never a scan of everything kept:
// - the log: every recoverable packet of the namespace, in order, for the in-flight window (sent
//   to a socket whose transport died before the packet arrived). Restore binary-searches the
//   client's offset and reads up to the moment the socket disconnected.
// - the sessions of disconnected sockets, indexed by room: a packet broadcast after a socket left
//   is appended to its own list of missed packets at once.
// Offsets are `<epoch>.<seq>`: the epoch (random per log) makes an offset from another process
// or an earlier run unknown here, and the sequence orders packets.
import type { Clock } from '@rtio/protocol';
import { randomId } from '../engine/index.js';
import type { BroadcastOptions, Room } from '../types.js';
import type { RestoredSession, SessionToPersist } from './adapter.js';

export interface RecoveryLogOptions {
  /** How long a disconnected session can be restored (ms). */
  maxDisconnectionDuration: number;
  /** At most this many packets in the log, and in one session's missed list (that session then starts afresh). */
  maxLoggedPackets: number;
}

interface LogEntry {
  readonly seq: number;
  readonly at: number;
  readonly data: unknown[];
  readonly rooms: ReadonlySet<Room>;
  readonly except: ReadonlySet<Room>;
}

interface DisconnectedSession extends SessionToPersist {
  readonly disconnectedAt: number;
  /** The last sequence number logged when it disconnected: later packets are in `missed`. */
  readonly lastSeq: number;
  /** undefined once more than maxLoggedPackets were missed. */
  missed: unknown[][] | undefined;
}

export class RecoveryLog {
  private readonly epoch = randomId().slice(0, 8);
  private seq = 0;
  /** entries[head…] are the log; the dropped ones before `head` are cut off in batches. */
  private entries: LogEntry[] = [];
  private head = 0;
  private readonly sessions = new Map<string, DisconnectedSession>();
  private readonly sessionsByRoom = new Map<Room, Set<DisconnectedSession>>();

  constructor(
    private readonly options: RecoveryLogOptions,
    private readonly clock: Clock,
  ) {}

  /** The offset of the last logged packet: where a socket connecting now starts. */
  currentOffset(): string {
    return `${this.epoch}.${this.seq.toString(36)}`;
  }

  /** Logs the event `data` (appending its offset to it) for the sockets `options` address. */
  append(data: unknown[], options: BroadcastOptions): void {
    const entry: LogEntry = { seq: ++this.seq, at: this.clock.now(), data, rooms: options.rooms, except: options.except };
    data.push(this.currentOffset());
    this.entries.push(entry);
    this.evictEntries(entry.at);
    for (const session of this.addressedSessions(entry)) {
      if (!session.missed) continue;
      session.missed.push(data);
      if (session.missed.length > this.options.maxLoggedPackets) this.forget(session, true);
    }
  }

  /** Keeps a disconnected socket's session until it comes back or expires. */
  persist(session: SessionToPersist): void {
    const now = this.clock.now();
    this.evictSessions(now);
    const kept: DisconnectedSession = { ...session, rooms: [...session.rooms], disconnectedAt: now, lastSeq: this.seq, missed: [] };
    const previous = this.sessions.get(session.pid);
    if (previous) this.forget(previous, false);
    this.sessions.set(session.pid, kept);
    for (const room of kept.rooms) {
      let members = this.sessionsByRoom.get(room);
      if (!members) this.sessionsByRoom.set(room, (members = new Set()));
      members.add(kept);
    }
  }

  /**
   * Takes the session `pid` back with the packets it missed after `offset` (or, without one,
   * after the offset it started at); undefined when it is unknown, expired, missed too much, or
   * when packets it may have missed are no longer kept.
   */
  restore(pid: string, offset: string | undefined): RestoredSession | undefined {
    const session = this.sessions.get(pid);
    if (!session) return undefined;
    const missed = session.missed;
    this.forget(session, false);
    if (session.disconnectedAt + this.options.maxDisconnectionDuration < this.clock.now() || !missed) return undefined;
    // Never before the session began: an offset kept from an earlier session would replay its packets.
    const start = this.sequenceOf(session.startOffset) ?? 0;
    const given = offset === undefined ? start : this.sequenceOf(offset);
    if (given === undefined || given > session.lastSeq) return undefined;
    const from = Math.max(given, start);
    const first = this.entries[this.head]?.seq ?? this.seq + 1;
    // Packets between the offset and the oldest one kept are gone: nothing proves none was for it.
    if (from + 1 < first && from < session.lastSeq) return undefined;
    const inFlight: unknown[][] = [];
    for (let index = this.indexAfter(from); index < this.entries.length; index++) {
      const entry = this.entries[index]!;
      if (entry.seq > session.lastSeq) break;
      if (addresses(entry, session.rooms)) inFlight.push(entry.data);
    }
    const { sid, rooms, data, startOffset } = session;
    return { sid, pid, rooms, data, startOffset, missedPackets: [...inFlight, ...missed] };
  }

  /** How many packets and sessions are kept (for tests and metrics). */
  get size(): { packets: number; sessions: number } {
    return { packets: this.entries.length - this.head, sessions: this.sessions.size };
  }

  private sequenceOf(offset: string | undefined): number | undefined {
    if (typeof offset !== 'string') return undefined;
    const dot = offset.indexOf('.');
    if (offset.slice(0, dot) !== this.epoch) return undefined;
    const seq = parseInt(offset.slice(dot + 1), 36);
    return Number.isSafeInteger(seq) && seq >= 0 && seq.toString(36) === offset.slice(dot + 1) ? seq : undefined;
  }

  /** The index of the first entry after sequence number `seq` (entries are in order). */
  private indexAfter(seq: number): number {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.entries[middle]!.seq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private *addressedSessions(entry: LogEntry): Iterable<DisconnectedSession> {
    if (this.sessions.size === 0) return;
    const candidates = entry.rooms.size === 0 ? this.sessions.values() : this.sessionsIn(entry.rooms);
    for (const session of candidates) {
      if (entry.except.size === 0 || !session.rooms.some((room) => entry.except.has(room))) yield session;
    }
  }

  private sessionsIn(rooms: ReadonlySet<Room>): Set<DisconnectedSession> {
    const found = new Set<DisconnectedSession>();
    for (const room of rooms) for (const session of this.sessionsByRoom.get(room) ?? []) found.add(session);
    return found;
  }

  /** Drops the log's packets past the count, or old enough that no restorable session needs them. */
  private evictEntries(now: number): void {
    // A session disconnects up to a heartbeat after its last packet arrived and is restorable for
    // maxDisconnectionDuration after that: twice that duration covers any heartbeat setting in use.
    const oldest = now - 2 * this.options.maxDisconnectionDuration;
    let head = Math.max(this.head, this.entries.length - this.options.maxLoggedPackets);
    while (head < this.entries.length && this.entries[head]!.at < oldest) head++;
    this.head = head;
    // Cut the dropped ones off once they are half the array: append stays O(1) amortised.
    if (head > 1024 && head * 2 > this.entries.length) {
      this.entries = this.entries.slice(head);
      this.head = 0;
    }
  }

  private evictSessions(now: number): void {
    // Insertion order is disconnection order: the expired ones come first.
    for (const session of this.sessions.values()) {
      if (session.disconnectedAt + this.options.maxDisconnectionDuration >= now) break;
      this.forget(session, false);
    }
  }

  /** Stops capturing packets for `session`; `keep`: it stays known, to be refused on restore. */
  private forget(session: DisconnectedSession, keep: boolean): void {
    for (const room of session.rooms) {
      const members = this.sessionsByRoom.get(room);
      members?.delete(session);
      if (members?.size === 0) this.sessionsByRoom.delete(room);
    }
    session.missed = undefined;
    if (!keep && this.sessions.get(session.pid) === session) this.sessions.delete(session.pid);
  }
}

/** Whether a packet for `entry`'s rooms and exceptions reached a socket in `rooms`. */
function addresses(entry: LogEntry, rooms: readonly Room[]): boolean {
  const included = entry.rooms.size === 0 || rooms.some((room) => entry.rooms.has(room));
  return included && (entry.except.size === 0 || !rooms.some((room) => entry.except.has(room)));
}
