// The default adapter: rooms in two maps, broadcasts delivered to this process's sockets.
import { PacketType, type Packet } from '@rtio/protocol';
import type { BroadcastOptions, Room, SocketId } from '../types.js';
import { Adapter, type AdapterSocket, type BroadcastAckCallbacks, type FetchedSocket, type RestoredSession, type SessionToPersist } from './adapter.js';
import { RecoveryLog } from './recovery-log.js';

/**
 * Keeps room membership in memory: `rooms` (room → socket ids) and `sids` (socket id → rooms).
 * A broadcast is encoded once and the same encoded packet is handed to every recipient.
 */
export class InMemoryAdapter extends Adapter {
  readonly rooms = new Map<Room, Set<SocketId>>();
  readonly sids = new Map<SocketId, Set<Room>>();
  /** Connection state recovery's packets and sessions, when the server has it on. */
  private readonly recoveryLog = this.nsp.recovery && new RecoveryLog(this.nsp.recovery, this.nsp.clock);

  addAll(id: SocketId, rooms: ReadonlySet<Room>): void {
    let mine = this.sids.get(id);
    if (!mine) this.sids.set(id, (mine = new Set()));
    for (const room of rooms) {
      mine.add(room);
      let members = this.rooms.get(room);
      if (!members) {
        this.rooms.set(room, (members = new Set()));
        this.emitRoomEvent('create-room', room);
      }
      if (!members.has(id)) {
        members.add(id);
        this.emitRoomEvent('join-room', room, id);
      }
    }
  }

  del(id: SocketId, room: Room): void {
    this.sids.get(id)?.delete(room);
    this.removeFromRoom(room, id);
  }

  delAll(id: SocketId): void {
    const mine = this.sids.get(id);
    if (!mine) return;
    for (const room of mine) this.removeFromRoom(room, id);
    this.sids.delete(id);
  }

  socketRooms(id: SocketId): ReadonlySet<Room> | undefined {
    return this.sids.get(id);
  }

  async sockets(rooms: ReadonlySet<Room>): Promise<Set<SocketId>> {
    const ids = new Set<SocketId>();
    this.forEachRecipient({ rooms, except: new Set(), flags: {} }, (socket) => ids.add(socket.id));
    return ids;
  }

  broadcast(packet: Packet, options: BroadcastOptions): void {
    if (this.recoveryLog && packet.type === PacketType.EVENT && packet.id === undefined) {
      // Volatile packets are not kept, but carry the current offset: every event a client gets
      // without an ack then ends with one (rtio's client strips it), and it is a true position.
      if (options.flags.volatile) packet.data.push(this.recoveryLog.currentOffset());
      else this.recoveryLog.append(packet.data, options);
    }
    const encoded = this.nsp.encoder.encode(packet);
    this.forEachRecipient(options, (socket) => socket.deliver(encoded, options.flags, packet));
  }

  broadcastWithAck(packet: Packet, options: BroadcastOptions, callbacks: BroadcastAckCallbacks): void {
    const id = (packet as { id?: number }).id;
    if (id === undefined) throw new TypeError('broadcastWithAck needs a packet with an ack id');
    const encoded = this.nsp.encoder.encode(packet);
    let count = 0;
    this.forEachRecipient(options, (socket) => {
      count++;
      socket.expectAck(id, (error, args) => {
        if (!error) callbacks.onResponse(args[0]);
      }, options.flags.timeout);
      socket.deliver(encoded, options.flags, packet);
    });
    callbacks.onClientCount(count);
  }

  async fetchSockets(options: BroadcastOptions): Promise<FetchedSocket[]> {
    const found: FetchedSocket[] = [];
    this.forEachRecipient(options, (socket) => found.push(socket));
    return found;
  }

  addSockets(options: BroadcastOptions, rooms: Room[]): void {
    this.forEachRecipient(options, (socket) => socket.join(rooms));
  }

  delSockets(options: BroadcastOptions, rooms: Room[]): void {
    this.forEachRecipient(options, (socket) => {
      for (const room of rooms) socket.leave(room);
    });
  }

  disconnectSockets(options: BroadcastOptions, close: boolean): void {
    this.forEachRecipient(options, (socket) => socket.disconnect(close));
  }

  serverSideEmit(args: unknown[]): void {
    // One node, no peers: an ack callback gets no responses at once.
    const last = args[args.length - 1];
    if (typeof last === 'function') (last as (error: Error | null, responses: unknown[]) => void)(null, []);
  }

  async serverCount(): Promise<number> {
    return 1;
  }

  async roomSize(room: Room): Promise<number> {
    return this.rooms.get(room)?.size ?? 0;
  }

  override currentOffset(): string | undefined {
    return this.recoveryLog?.currentOffset();
  }

  override persistSession(session: SessionToPersist): void {
    this.recoveryLog?.persist(session);
  }

  override async restoreSession(pid: string, offset: string | undefined): Promise<RestoredSession | undefined> {
    return this.recoveryLog?.restore(pid, offset);
  }

  /** Visits each local socket matched by rooms/except exactly once; a snapshot, so callbacks may change rooms. */
  protected forEachRecipient(options: BroadcastOptions, visit: (socket: AdapterSocket) => void): void {
    const excluded = this.excludedIds(options.except);
    const recipients: AdapterSocket[] = [];
    const consider = (id: SocketId): void => {
      if (excluded?.has(id)) return;
      const socket = this.nsp.sockets.get(id);
      if (socket) recipients.push(socket);
    };
    if (options.rooms.size === 0) {
      for (const id of this.nsp.sockets.keys()) consider(id);
    } else if (options.rooms.size === 1) {
      for (const room of options.rooms) for (const id of this.rooms.get(room) ?? []) consider(id);
    } else {
      const seen = new Set<SocketId>();
      for (const room of options.rooms) {
        for (const id of this.rooms.get(room) ?? []) {
          if (seen.has(id)) continue;
          seen.add(id);
          consider(id);
        }
      }
    }
    for (const socket of recipients) visit(socket);
  }

  private excludedIds(except: ReadonlySet<Room>): Set<SocketId> | undefined {
    if (except.size === 0) return undefined;
    const ids = new Set<SocketId>();
    for (const room of except) for (const id of this.rooms.get(room) ?? []) ids.add(id);
    return ids;
  }

  private removeFromRoom(room: Room, id: SocketId): void {
    const members = this.rooms.get(room);
    if (!members?.delete(id)) return;
    this.emitRoomEvent('leave-room', room, id);
    if (members.size === 0) {
      this.rooms.delete(room);
      this.emitRoomEvent('delete-room', room);
    }
  }
}
