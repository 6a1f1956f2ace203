// RawWebSocket: an Engine.IO/Socket.IO client over `ws` that tests drive frame by frame.
import type { IncomingHttpHeaders, IncomingMessage, ClientRequest } from 'node:http';
import WebSocket, { type RawData } from 'ws';
import {
  PacketDecoder,
  PacketType,
  type ConnectErrorPacket,
  type ConnectPacket,
  type EnginePacketType,
  type HandshakeData,
  type Packet,
} from '@rtio/protocol';
import { DEFAULT_PATH, engineUrl, parseOpenPacket, toWebSocketUrl, type QueryOverrides } from './endpoint.js';
import { DEFAULT_WAIT_MS, FrameQueue, FrameQueueError, previewItem } from './frame-queue.js';
import { encodeEngine, socketToEngine, toBuffer } from './wire.js';

export type Frame = string | Buffer;

export interface RawWebSocketOptions {
  /** Endpoint path, default `/rt/`. */
  path?: string;
  /** Replaces or (with null) removes the default `EIO=4&transport=websocket[&sid]` parameters. */
  query?: QueryOverrides;
  headers?: Record<string, string>;
  /** Session to upgrade (a polling session's sid); omitted for a WebSocket-only handshake. */
  sid?: string;
  /** Answer each `2` ping with a `3` pong as it arrives. Default true. */
  autoPong?: boolean;
  /** Offer permessage-deflate. Default false, so frames on the wire are what tests send. */
  perMessageDeflate?: boolean;
  /** Failure guard for the upgrade, default 2000 ms. */
  timeoutMs?: number;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface UpgradeResponse {
  status: number;
  headers: IncomingHttpHeaders;
}

/** The server answered the upgrade request with a plain HTTP response instead of 101. */
export class UpgradeRejectedError extends Error {
  override readonly name = 'UpgradeRejectedError';

  constructor(
    readonly status: number,
    readonly headers: IncomingHttpHeaders,
    readonly body: string,
  ) {
    super(`WebSocket upgrade rejected with HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

type NamespaceReply = ConnectPacket | ConnectErrorPacket;

const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;

/**
 * A raw WebSocket client. Every received frame lands in `frames` (text as string, binary as
 * Buffer); the Socket.IO helpers read from the same queue, so mix them with care.
 * @example
 * const client = disposer.add(await RawWebSocket.connect(baseUrl));
 * const { sid } = await client.handshake();
 * await client.connectNamespace('/');                 // → { type: 0, nsp: '/', data: { sid } }
 * client.send('42["ping"]');                          // wrong on purpose: no `4` engine prefix
 * expect((await client.closed).code).to.equal(1005);
 */
export class RawWebSocket {
  readonly frames = new FrameQueue<Frame>('frame');
  /** Socket.IO packets passed over by `waitForSocketPacket()`, oldest first. */
  readonly skippedPackets: Packet[] = [];
  /** Errors the socket reported after the upgrade (write failures, protocol violations). */
  readonly errors: Error[] = [];
  /** Resolves once the connection is closed, whoever closed it. Never rejects. */
  readonly closed: Promise<CloseInfo>;
  /** The 101 response (status and headers, e.g. Set-Cookie). */
  response: UpgradeResponse | undefined;
  autoPong: boolean;
  private readonly decoder = new PacketDecoder();

  private constructor(
    private readonly ws: WebSocket,
    readonly url: string,
    autoPong: boolean,
  ) {
    this.autoPong = autoPong;
    this.closed = new Promise((resolve) => {
      ws.once('close', (code, reason) => {
        const info = { code, reason: reason.toString('utf8') };
        this.frames.close(`WebSocket closed with code ${info.code}${info.reason ? ` "${info.reason}"` : ''}`);
        resolve(info);
      });
    });
    ws.on('message', (data, isBinary) => onMessage(this, data, isBinary));
    ws.on('error', (error) => this.errors.push(error));
    ws.on('upgrade', (res) => {
      this.response = { status: res.statusCode ?? 0, headers: res.headers };
    });
  }

  /**
   * Opens `ws://<host><path>?EIO=4&transport=websocket[&sid=…]`. Resolves once the socket is
   * open; rejects with UpgradeRejectedError when the server answers with an HTTP error.
   */
  static connect(baseUrl: string, options: RawWebSocketOptions = {}): Promise<RawWebSocket> {
    const { path = DEFAULT_PATH, query, headers, sid, autoPong = true, perMessageDeflate = false } = options;
    const url = toWebSocketUrl(engineUrl(baseUrl, path, { EIO: '4', transport: 'websocket', sid }, query));
    const ws = new WebSocket(url, { headers, perMessageDeflate });
    const client = new RawWebSocket(ws, url.href, autoPong);
    return awaitOpen(ws, client, url.href, options.timeoutMs ?? DEFAULT_WAIT_MS);
  }

  get readyState(): (typeof STATES)[number] {
    return STATES[this.ws.readyState] ?? 'CLOSED';
  }

  /** Sends one raw frame. `binary` overrides the frame type (e.g. invalid UTF-8 in a text frame). */
  send(data: string | Buffer, options: { binary?: boolean } = {}): void {
    if (this.ws.readyState !== WebSocket.OPEN) {
      throw new Error(`cannot send ${previewItem(data)}: the WebSocket is ${this.readyState}`);
    }
    const binary = options.binary ?? typeof data !== 'string';
    this.ws.send(data, { binary }, (error) => {
      if (error) this.errors.push(error);
    });
  }

  /** Sends one Engine.IO packet, e.g. `sendEngine('message', '40')` or `sendEngine('pong')`. */
  sendEngine(type: EnginePacketType, data?: string | Buffer): void {
    this.send(encodeEngine(type, data, true));
  }

  /** Encodes a Socket.IO packet and sends its text frame, then one binary frame per attachment. */
  sendSocket(packet: Packet): void {
    for (const message of socketToEngine(packet)) {
      const data = message.data as string | Buffer;
      this.send(typeof data === 'string' ? `4${data}` : data);
    }
  }

  /** Reads the open packet `0{...}`, which must be the next frame. */
  async handshake(timeoutMs = DEFAULT_WAIT_MS): Promise<HandshakeData> {
    return parseOpenPacket(await this.frames.next(timeoutMs));
  }

  /**
   * Resolves with the next complete Socket.IO packet, skipping pings (`2`) and noops (`6`) and
   * assembling binary attachments. Any other Engine.IO packet type is an error.
   */
  async nextSocketPacket(timeoutMs = DEFAULT_WAIT_MS): Promise<Packet> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = await nextBefore(this.frames, deadline, timeoutMs, 'the next Socket.IO packet');
      let chunk: Frame;
      if (typeof frame === 'string') {
        const type = frame.charAt(0);
        if (type === '2' || type === '6') continue;
        if (type !== '4') throw new Error(`expected an Engine.IO message or ping, got ${previewItem(frame)}`);
        chunk = frame.slice(1);
      } else {
        chunk = frame;
      }
      const packet = this.decoder.add(chunk);
      if (packet !== null) return packet;
    }
  }

  /** Reads Socket.IO packets until one matches; the others go to `skippedPackets`. */
  async waitForSocketPacket(
    predicate: (packet: Packet) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
    description = 'the predicate',
  ): Promise<Packet> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const remaining = deadline - Date.now();
      let packet: Packet;
      try {
        packet = await this.nextSocketPacket(Math.max(0, remaining));
      } catch (error) {
        if (!(error instanceof FrameQueueError) || error.code !== 'TIMEOUT') throw error;
        throw new FrameQueueError('TIMEOUT', `timed out after ${timeoutMs} ms waiting for a Socket.IO packet matching ${description}; skipped packets: ${this.skippedPackets.map(previewItem).join(', ') || 'none'}`);
      }
      if (predicate(packet)) return packet;
      this.skippedPackets.push(packet);
    }
  }

  /** Sends CONNECT for `nsp` and resolves with the server's CONNECT or CONNECT_ERROR for it. */
  async connectNamespace(nsp = '/', auth?: Record<string, unknown>, timeoutMs = DEFAULT_WAIT_MS): Promise<NamespaceReply> {
    this.sendSocket(auth === undefined ? { type: PacketType.CONNECT, nsp } : { type: PacketType.CONNECT, nsp, data: auth });
    const reply = await this.waitForSocketPacket(
      (packet) => packet.nsp === nsp && (packet.type === PacketType.CONNECT || packet.type === PacketType.CONNECT_ERROR),
      timeoutMs,
      `CONNECT or CONNECT_ERROR for ${nsp}`,
    );
    return reply as NamespaceReply;
  }

  /**
   * Starts the closing handshake and resolves when closed. If the server does not complete it
   * within `timeoutMs`, the TCP socket is destroyed (ws alone would wait 30 s).
   */
  close(code = 1000, reason = '', timeoutMs = DEFAULT_WAIT_MS): Promise<CloseInfo> {
    if (this.ws.readyState === WebSocket.CLOSED) return this.closed;
    this.ws.close(code, reason);
    const guard = setTimeout(() => this.ws.terminate(), timeoutMs);
    return this.closed.finally(() => clearTimeout(guard));
  }

  /** Destroys the TCP socket without a closing handshake. */
  terminate(): Promise<CloseInfo> {
    this.ws.terminate();
    return this.closed;
  }
}

function onMessage(client: RawWebSocket, data: RawData, isBinary: boolean): void {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : toBuffer(data);
  if (isBinary) {
    client.frames.push(bytes);
    return;
  }
  const text = bytes.toString('utf8');
  // Answer at once, even if the test reads later: a slow reader must not cause a ping timeout.
  if (text === '2' && client.autoPong && client.readyState === 'OPEN') client.send('3');
  client.frames.push(text);
}

/** Waits for a frame until an absolute deadline, reporting the timeout in the caller's terms. */
async function nextBefore(frames: FrameQueue<Frame>, deadline: number, timeoutMs: number, what: string): Promise<Frame> {
  try {
    return await frames.next(Math.max(0, deadline - Date.now()));
  } catch (error) {
    if (!(error instanceof FrameQueueError) || error.code !== 'TIMEOUT') throw error;
    throw new FrameQueueError('TIMEOUT', `timed out after ${timeoutMs} ms waiting for ${what} (${error.message})`);
  }
}

/** Resolves when `ws` opens; reads the body of an HTTP error answer and rejects with it. */
function awaitOpen(ws: WebSocket, client: RawWebSocket, url: string, timeoutMs: number): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      ws.off('open', onOpen);
      ws.off('error', onError);
      if (error) reject(error);
      else resolve(client);
    };
    const onOpen = (): void => settle(undefined);
    const onError = (error: Error): void => settle(error);
    const guard = setTimeout(() => {
      settle(new Error(`WebSocket upgrade to ${url} did not complete within ${timeoutMs} ms`));
      ws.terminate();
    }, timeoutMs);
    ws.once('open', onOpen);
    ws.once('error', onError);
    ws.once('unexpected-response', (req: ClientRequest, res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => settle(error));
      res.once('end', () => {
        settle(new UpgradeRejectedError(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8')));
        ws.terminate();
        req.destroy();
      });
    });
  });
}
