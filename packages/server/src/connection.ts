// One engine session: decodes its messages, routes packets to the socket of each namespace,
// enforces connectTimeout and closes everything with one reason when the session ends.
import type { IncomingMessage } from 'node:http';
import {
  PacketDecoder,
  PacketType,
  ProtocolError,
  isBinary,
  type Clock,
  type ConnectPacket,
  type EncodedPacket,
  type Packet,
  type PacketLimits,
  type TimerHandle,
} from '@rtio/protocol';
import { asBuffer, type EngineCloseReason, type EngineSession, type OutgoingPacket, type SessionOwner } from './engine/index.js';
import { serverLog as log } from './log.js';
import type { ConnectedSocket, SocketConnection } from './socket-connection.js';
import type { BroadcastFlags, DisconnectReason } from './types.js';

/** The Engine.IO packets of each broadcast, built once (weak: gone with the broadcast). */
const sharedPackets = new WeakMap<EncodedPacket, { compress: boolean; packets: OutgoingPacket[] }>();

/** One `message` packet per part: the packet string, then each binary attachment. */
/** Packet options are never changed once made: two objects serve every packet. */
const COMPRESS = Object.freeze({ compress: true });
const DO_NOT_COMPRESS = Object.freeze({ compress: false });

function toEnginePackets(encoded: EncodedPacket, compress: boolean, shared: boolean): OutgoingPacket[] {
  const options = compress ? COMPRESS : DO_NOT_COMPRESS;
  const packets: OutgoingPacket[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const part = encoded[i];
    let data: string | Buffer;
    if (typeof part === 'string') data = part;
    else if (isBinary(part) && !(typeof Blob === 'function' && part instanceof Blob)) data = asBuffer(part as ArrayBuffer | ArrayBufferView);
    else throw new TypeError('the server sends Buffer, ArrayBuffer or typed arrays; convert a Blob with await blob.arrayBuffer() first');
    packets.push(shared ? { type: 'message', data, options, frame: undefined } : { type: 'message', data, options });
  }
  return packets;
}

/** What a connection needs from the server. */
export interface ConnectionHost {
  readonly clock: Clock;
  readonly connectTimeoutMs: number;
  readonly parserLimits: Partial<PacketLimits>;
  /** Handles a CONNECT: runs middlewares, then calls `connection.addSocket` or answers CONNECT_ERROR. */
  connectToNamespace(connection: Connection, packet: ConnectPacket): void;
  removeConnection(connection: Connection): void;
  /** Reports an error no peer caused to the server's 'error' listeners. */
  reportError(error: unknown, context: string): void;
}

/** A Socket.IO 2 CONNECT names its namespace with a query (`/admin?token=x`): the query is its auth. */
function withQueryAsAuth(packet: ConnectPacket): ConnectPacket {
  const url = new URL(packet.nsp, 'http://namespace.invalid');
  return { type: PacketType.CONNECT, nsp: url.pathname, data: Object.fromEntries(url.searchParams) };
}

export class Connection implements SocketConnection, SessionOwner {
  private readonly decoder: PacketDecoder;
  // Namespace → socket in a plain object: smaller than a Map, and safe as every key starts with
  // "/" (no inherited member has such a name). Left sockets are set to undefined, not deleted,
  // so the object keeps its fast shape.
  private sockets: Record<string, ConnectedSocket | undefined> = {};
  private connectTimer: TimerHandle | undefined;
  private closeReason: { reason: DisconnectReason; description?: unknown } | undefined;

  constructor(
    private readonly host: ConnectionHost,
    readonly session: EngineSession,
  ) {
    this.decoder = new PacketDecoder(host.parserLimits);
    this.connectTimer = host.clock.setTimeout(() => this.onConnectTimeout(), host.connectTimeoutMs);
    session.owner = this;
  }

  get id(): string {
    return this.session.id;
  }

  get conn(): EngineSession {
    return this.session;
  }

  get request(): IncomingMessage {
    return this.session.request;
  }

  get isOpen(): boolean {
    return this.closeReason === undefined && this.session.readyState === 'open';
  }

  hasNamespace(nsp: string): boolean {
    return this.sockets[nsp] !== undefined;
  }

  addSocket(nsp: string, socket: ConnectedSocket): void {
    this.sockets[nsp] = socket;
    if (this.connectTimer !== undefined) {
      this.host.clock.clearTimeout(this.connectTimer);
      this.connectTimer = undefined;
    }
  }

  removeSocket(nsp: string): void {
    if (this.sockets[nsp] !== undefined) this.sockets[nsp] = undefined;
  }

  /** Writes a packet encoded for this connection alone. */
  write(encoded: EncodedPacket, flags: BroadcastFlags): void {
    if (this.canWrite(flags)) this.session.sendPackets(toEnginePackets(encoded, flags.compress ?? true, false));
  }

  /**
   * Writes a packet encoded once for many connections: the Engine.IO packets (and their
   * WebSocket frames) are built for the first recipient and shared by the others.
   */
  deliver(encoded: EncodedPacket, flags: BroadcastFlags): void {
    if (!this.canWrite(flags)) return;
    const compress = flags.compress ?? true;
    let shared = sharedPackets.get(encoded);
    if (shared?.compress !== compress) {
      shared = { compress, packets: toEnginePackets(encoded, compress, true) };
      sharedPackets.set(encoded, shared);
    }
    this.session.sendPackets(shared.packets);
  }

  private canWrite(flags: BroadcastFlags): boolean {
    if (!this.isOpen) return false;
    if (flags.volatile && !this.session.idle) {
      log('session %s: volatile packet dropped, the transport is busy', this.session.id);
      return false;
    }
    return true;
  }

  disconnectAll(): void {
    for (const socket of this.joined()) socket.disconnect();
    this.closeAll('server namespace disconnect');
  }

  closeAll(reason: DisconnectReason, description?: unknown): void {
    if (this.closeReason) return;
    this.closeReason = description === undefined ? { reason } : { reason, description };
    this.session.close();
  }

  /** The sockets of the namespaces joined now (a copy: closing them changes the table). */
  private joined(): ConnectedSocket[] {
    return Object.values(this.sockets).filter((socket) => socket !== undefined);
  }

  /** @internal */
  sessionMessage(data: string | Buffer): void {
    let packet;
    try {
      packet = this.decoder.add(data);
    } catch (error) {
      // Decoders only throw ProtocolError; anything else is still the peer's input, never fatal.
      if (log.enabled) log('session %s: parse error, %s', this.session.id, error instanceof ProtocolError ? `${error.code}: ${error.message}` : String(error));
      this.closeAll('parse error', error);
      return;
    }
    if (!packet) return;
    try {
      this.route(packet);
    } catch (error) {
      // Application errors are caught where they happen; this is an rtio bug or a broken adapter,
      // which must not travel up into the transport's listener and kill the process.
      this.host.reportError(error, `handling a packet of connection ${this.session.id}`);
      this.closeAll('forced server close', error);
    }
  }

  /** Hands a decoded packet to its namespace's socket (or the namespace, for a CONNECT). */
  private route(packet: Packet): void {
    if (packet.type === PacketType.CONNECT) {
      if (this.sockets[packet.nsp] !== undefined) {
        this.closeAll('forced server close', new Error(`second CONNECT for namespace ${packet.nsp}`));
        return;
      }
      this.host.connectToNamespace(this, this.session.protocol === 3 ? withQueryAsAuth(packet) : packet);
      return;
    }
    const socket = this.sockets[packet.nsp];
    if (!socket) {
      // A DISCONNECT for a namespace already left is harmless (both sides closed at once).
      if (packet.type === PacketType.DISCONNECT) return;
      log('session %s: packet for namespace %s, which it has not joined', this.session.id, packet.nsp);
      this.closeAll('forced server close', new Error(`packet for unjoined namespace ${packet.nsp}`));
      return;
    }
    socket.handlePacket(packet);
  }

  private onConnectTimeout(): void {
    this.connectTimer = undefined;
    if (this.joined().length > 0) return;
    log('session %s: no namespace joined within connectTimeout (%d ms), closing', this.session.id, this.host.connectTimeoutMs);
    this.closeAll('forced close');
  }

  /** @internal */
  sessionClose(engineReason: EngineCloseReason, description: unknown): void {
    if (this.connectTimer !== undefined) this.host.clock.clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.decoder.reset();
    const reason = this.closeReason?.reason ?? engineReason;
    const detail = this.closeReason ? this.closeReason.description : description;
    this.closeReason ??= { reason };
    for (const socket of this.joined()) socket.onClose(reason, detail);
    this.sockets = {};
    this.host.removeConnection(this);
  }
}
