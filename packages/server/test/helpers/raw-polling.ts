// RawPolling: Engine.IO HTTP long-polling over node:http, one fresh connection per request.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { PacketDecoder, decodeEnginePayload, type EnginePacket, type HandshakeData, type Packet } from '@rtio/protocol';
import { DEFAULT_PATH, engineUrl, parseOpenPacket, type QueryOverrides } from './endpoint.js';
import { DEFAULT_WAIT_MS } from './frame-queue.js';
import { encodePayload, socketToEngine } from './wire.js';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawPollingOptions {
  /** Endpoint path, default `/rt/`. */
  path?: string;
  /** Applied to every request: replaces or (with null) removes `EIO`, `transport`, `sid`. */
  query?: QueryOverrides;
  /** Sent with every request. */
  headers?: OutgoingHttpHeaders;
  /** Session id to use; set by `handshake()`. Pass a made-up one to test unknown sessions. */
  sid?: string;
  /** Failure guard per request, default 2000 ms. A held GET counts against it. */
  timeoutMs?: number;
}

export interface PollingRequestOptions {
  /** Merged over the client's query for this request only. */
  query?: QueryOverrides;
  /** Merged over the client's headers; a given Content-Length is sent as is, even if it lies. */
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Aborts this request (it rejects with an AbortError). */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** A client whose handshake succeeded: sid, open packet and the raw response are known. */
export type PollingSession = RawPolling & { readonly sid: string; handshake: HandshakeData; response: HttpResponse };

const TEXT_PLAIN = 'text/plain;charset=UTF-8';

/**
 * A raw long-polling client. Requests never share a connection (no keep-alive agent) and each
 * socket is destroyed once its response is read; `close()` aborts whatever is still in flight.
 * Pings arrive inside GET bodies and are not answered automatically: post `3` yourself.
 * Request promises are marked handled, so an aborted, un-awaited GET cannot fail the run.
 * @example
 * const client = disposer.add(await RawPolling.handshake(baseUrl));
 * await client.post('40');
 * const [reply] = await client.getPackets();          // { type: 'message', data: '0{"sid":…}' }
 * const held = client.get();                          // resolves when the server flushes
 */
export class RawPolling {
  sid: string | undefined;
  /** The open packet, once `handshake()` ran. */
  handshake: HandshakeData | undefined;
  /** The handshake's HTTP response. */
  response: HttpResponse | undefined;
  private readonly path: string;
  private readonly query: QueryOverrides;
  private readonly headers: OutgoingHttpHeaders;
  private readonly timeoutMs: number;
  private readonly inFlight = new Set<AbortController>();
  private readonly decoder = new PacketDecoder();

  constructor(
    readonly baseUrl: string,
    options: RawPollingOptions = {},
  ) {
    this.path = options.path ?? DEFAULT_PATH;
    this.query = options.query ?? {};
    this.headers = options.headers ?? {};
    this.sid = options.sid;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
  }

  /** GETs `?EIO=4&transport=polling`, checks for 200 and an open packet, and keeps the sid. */
  static async handshake(baseUrl: string, options: Omit<RawPollingOptions, 'sid'> = {}): Promise<PollingSession> {
    const client = new RawPolling(baseUrl, options);
    const response = await client.get();
    if (response.status !== 200) {
      throw new Error(`polling handshake answered HTTP ${response.status}: ${response.body.slice(0, 200)}`);
    }
    // The body may carry more packets after the open packet; only the first one is parsed.
    const open = parseOpenPacket(response.body.split('\x1e', 1)[0] ?? '');
    client.sid = open.sid;
    client.handshake = open;
    client.response = response;
    return client as PollingSession;
  }

  /** One GET (a held GET resolves when the server flushes). */
  get(options: Omit<PollingRequestOptions, 'body'> = {}): Promise<HttpResponse> {
    return this.request('GET', options);
  }

  /** One POST of a raw body, `text/plain;charset=UTF-8` unless `headers` says otherwise. */
  post(body: string | Buffer, headers: OutgoingHttpHeaders = {}): Promise<HttpResponse> {
    return this.request('POST', { body, headers: { 'content-type': TEXT_PLAIN, ...headers } });
  }

  /** GETs and decodes the body into Engine.IO packets (binary as Buffer); non-200 throws. */
  async getPackets(options: Omit<PollingRequestOptions, 'body'> = {}): Promise<EnginePacket[]> {
    const response = await this.get(options);
    if (response.status !== 200) {
      throw new Error(`GET answered HTTP ${response.status}: ${response.body.slice(0, 200)}`);
    }
    return decodeEnginePayload(response.body, 'nodebuffer');
  }

  /**
   * GETs and decodes the Socket.IO packets in the body, assembling binary attachments (which
   * may span several GETs). Other Engine.IO packets (ping, noop, close) are dropped: use
   * `getPackets()` to see them.
   */
  async getSocketPackets(options: Omit<PollingRequestOptions, 'body'> = {}): Promise<Packet[]> {
    const packets: Packet[] = [];
    for (const engine of await this.getPackets(options)) {
      if (engine.type !== 'message' || engine.data === undefined) continue;
      const packet = this.decoder.add(engine.data);
      if (packet !== null) packets.push(packet);
    }
    return packets;
  }

  /** POSTs Engine.IO packets as one payload. */
  postPackets(packets: EnginePacket[]): Promise<HttpResponse> {
    return this.post(encodePayload(packets));
  }

  /** POSTs a Socket.IO packet and its attachments (as `b<base64>` records) in one payload. */
  postSocket(packet: Packet): Promise<HttpResponse> {
    return this.postPackets(socketToEngine(packet));
  }

  /**
   * Any request on the session: wrong methods, bad or missing sids (`query: { sid: null }`),
   * lying Content-Length… Resolves with whatever status the server answers.
   */
  request(method: string, options: PollingRequestOptions = {}): Promise<HttpResponse> {
    const url = engineUrl(this.baseUrl, this.path, { EIO: '4', transport: 'polling', sid: this.sid }, { ...this.query, ...options.query });
    const controller = new AbortController();
    const forward = (): void => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) forward();
    options.signal?.addEventListener('abort', forward, { once: true });
    this.inFlight.add(controller);
    const headers = { ...this.headers, ...options.headers };
    const promise = send(url, method, headers, options.body, controller.signal, options.timeoutMs ?? this.timeoutMs).finally(() => {
      this.inFlight.delete(controller);
      options.signal?.removeEventListener('abort', forward);
    });
    promise.catch(() => undefined);
    return promise;
  }

  /** Requests still waiting for their response (e.g. a held GET). */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Aborts every request in flight. Sends nothing: post `1` first for a protocol close. */
  async close(): Promise<void> {
    for (const controller of this.inFlight) controller.abort(new Error('RawPolling closed'));
    this.inFlight.clear();
  }
}

function hasHeader(headers: OutgoingHttpHeaders, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** One request on its own connection; the socket is destroyed once the response is read. */
function send(
  url: URL,
  method: string,
  headers: OutgoingHttpHeaders,
  body: string | Buffer | undefined,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<HttpResponse> {
  const what = `${method} ${url.pathname}${url.search}`;
  if (body !== undefined && !hasHeader(headers, 'content-length') && !hasHeader(headers, 'transfer-encoding')) {
    headers = { ...headers, 'content-length': Buffer.byteLength(body) };
  }
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    const req = http.request(url, { method, headers, agent: false, signal });
    const settle = (error: Error | undefined, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      req.destroy();
      if (error) reject(error);
      else resolve(response as HttpResponse);
    };
    const guard = setTimeout(
      () => settle(new Error(`${what} got no complete response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    let responding = false;
    // Once a response has started, it decides: a server may answer (413…) and drop the
    // connection while the body is still being written, which also fails the request side.
    req.on('error', (error) => responding || settle(error));
    req.once('close', () => responding || settle(new Error(`${what}: connection closed before a response`)));
    req.once('response', (res) => {
      responding = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => settle(error));
      res.once('end', () =>
        settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.once('close', () => settle(new Error(`${what}: connection closed before the response ended`)));
    });
    req.end(body);
  });
}
