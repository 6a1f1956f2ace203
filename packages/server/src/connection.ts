// One engine session: decodes its messages, routes packets to the socket of each namespace,
// enforces connectTimeout and closes everything with one reason when the session ends.
import {
  PacketDecoder,
  PacketType,
  ProtocolError,
  isBinary,
  type Clock,
  type ConnectPacket,
  type EncodedPacket,
  type PacketLimits,
  type TimerHandle,
} from '@rtio/protocol';
import { createDebug } from './debug.js';
import type { EngineCloseReason, EngineSession } from './engine/index.js';
import type { ConnectedSocket, SocketConnection } from './socket-connection.js';
import type { BroadcastFlags, DisconnectReason } from './types.js';

const debug = createDebug('connection');

/** What a connection needs from the server. */
export interface ConnectionHost {
  readonly clock: Clock;
  readonly connectTimeout: number;
  readonly parserLimits: Partial<PacketLimits>;
  /** Handles a CONNECT: runs middlewares, then calls `connection.addSocket` or answers CONNECT_ERROR. */
  connectToNamespace(connection: Connection, packet: ConnectPacket): void;
  removeConnection(connection: Connection): void;
}

export class Connection implements SocketConnection {
  private readonly decoder: PacketDecoder;
  private readonly sockets = new Map<string, ConnectedSocket>();
  private connectTimer: TimerHandle | undefined;
  private closeReason: { reason: DisconnectReason; description?: unknown } | undefined;

  constructor(
    private readonly host: ConnectionHost,
    readonly session: EngineSession,
  ) {
    this.decoder = new PacketDecoder(host.parserLimits);
    this.connectTimer = host.clock.setTimeout(() => this.onConnectTimeout(), host.connectTimeout);
    session.on('message', (data) => this.onMessage(data));
    session.on('close', (reason, description) => this.onSessionClose(reason, description));
  }

  get isOpen(): boolean {
    return this.closeReason === undefined && this.session.readyState === 'open';
  }

  hasNamespace(nsp: string): boolean {
    return this.sockets.has(nsp);
  }

  addSocket(nsp: string, socket: ConnectedSocket): void {
    this.sockets.set(nsp, socket);
    if (this.connectTimer !== undefined) {
      this.host.clock.clearTimeout(this.connectTimer);
      this.connectTimer = undefined;
    }
  }

  removeSocket(nsp: string): void {
    this.sockets.delete(nsp);
  }

  write(encoded: EncodedPacket, flags: BroadcastFlags): void {
    if (!this.isOpen) return;
    if (flags.volatile && !this.session.writable) {
      debug('volatile packet dropped: transport not writable');
      return;
    }
    const options = flags.compress === undefined ? undefined : { compress: flags.compress };
    this.session.send(encoded[0], options);
    for (let i = 1; i < encoded.length; i++) {
      const attachment = encoded[i];
      if (!isBinary(attachment) || (typeof Blob === 'function' && attachment instanceof Blob)) {
        throw new TypeError('the server sends Buffer, ArrayBuffer or typed arrays; convert a Blob with await blob.arrayBuffer() first');
      }
      this.session.send(attachment as ArrayBuffer | ArrayBufferView, options);
    }
  }

  disconnectAll(): void {
    for (const socket of [...this.sockets.values()]) socket.disconnect();
    this.closeAll('server namespace disconnect');
  }

  closeAll(reason: DisconnectReason, description?: unknown): void {
    if (this.closeReason) return;
    this.closeReason = description === undefined ? { reason } : { reason, description };
    this.session.close();
  }

  private onMessage(data: string | Buffer): void {
    let packet;
    try {
      packet = this.decoder.add(data);
    } catch (error) {
      // Decoders only throw ProtocolError; anything else is still the peer's input, never fatal.
      const message = error instanceof ProtocolError ? `${error.code}: ${error.message}` : String(error);
      debug(`parse error from ${this.session.id}: ${message}`);
      this.closeAll('parse error', error);
      return;
    }
    if (!packet) return;
    if (packet.type === PacketType.CONNECT) {
      if (this.sockets.has(packet.nsp)) {
        this.closeAll('parse error', new Error(`second CONNECT for namespace ${packet.nsp}`));
        return;
      }
      this.host.connectToNamespace(this, packet);
      return;
    }
    const socket = this.sockets.get(packet.nsp);
    if (!socket) {
      // A DISCONNECT for a namespace already left is harmless (both sides closed at once).
      if (packet.type === PacketType.DISCONNECT) return;
      debug(`packet for namespace ${packet.nsp} that ${this.session.id} has not joined`);
      this.closeAll('parse error', new Error(`packet for unjoined namespace ${packet.nsp}`));
      return;
    }
    socket.handlePacket(packet);
  }

  private onConnectTimeout(): void {
    this.connectTimer = undefined;
    if (this.sockets.size > 0) return;
    debug(`no namespace joined within ${this.host.connectTimeout} ms, closing ${this.session.id}`);
    this.closeAll('forced close');
  }

  private onSessionClose(engineReason: EngineCloseReason, description: unknown): void {
    if (this.connectTimer !== undefined) this.host.clock.clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    this.decoder.reset();
    const reason = this.closeReason?.reason ?? engineReason;
    const detail = this.closeReason ? this.closeReason.description : description;
    this.closeReason ??= { reason };
    for (const socket of [...this.sockets.values()]) socket.onClose(reason, detail);
    this.sockets.clear();
    this.host.removeConnection(this);
  }
}
