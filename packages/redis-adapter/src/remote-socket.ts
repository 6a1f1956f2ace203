// A socket on another node, as fetchSockets() returns it: its details, and actions that reach it
// through the cluster (an emit to its own room, joins and leaves and a disconnect by id).
import type { FetchedSocket, Handshake, Room, SocketId } from '@rtio/server';

/** A socket's details as a node sends them. */
export interface SocketDetails {
  id: SocketId;
  handshake: Handshake;
  rooms: Room[];
  data: unknown;
}

/** The cluster operations a remote socket's actions become. */
export interface RemoteSocketActions {
  emitTo(id: SocketId, event: string, args: unknown[]): void;
  joinRooms(id: SocketId, rooms: Room[]): void;
  leaveRooms(id: SocketId, rooms: Room[]): void;
  disconnectSocket(id: SocketId, close: boolean): void;
}

export class RemoteSocket implements FetchedSocket {
  readonly id: SocketId;
  readonly handshake: Handshake;
  /** The rooms it was in when fetched. */
  readonly rooms: ReadonlySet<Room>;
  readonly data: unknown;

  constructor(
    details: SocketDetails,
    private readonly actions: RemoteSocketActions,
  ) {
    this.id = details.id;
    this.handshake = details.handshake;
    this.rooms = new Set(details.rooms);
    this.data = details.data;
  }

  emit(event: string, ...args: unknown[]): boolean {
    this.actions.emitTo(this.id, event, args);
    return true;
  }

  join(rooms: Room | Room[]): void {
    this.actions.joinRooms(this.id, typeof rooms === 'string' ? [rooms] : rooms);
  }

  leave(room: Room): void {
    this.actions.leaveRooms(this.id, [room]);
  }

  disconnect(close = false): this {
    this.actions.disconnectSocket(this.id, close);
    return this;
  }
}
