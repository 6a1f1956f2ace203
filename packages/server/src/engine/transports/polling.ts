// HTTP long-polling: a held GET carries server packets, each POST carries a payload from the client.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeEnginePayload, type Clock, type EnginePacket, type TimerHandle } from '@rtio/protocol';
import { chooseEncoding, compress, compressionThreshold } from '../compression.js';
import { writeStatus } from '../engine-errors.js';
import { engineLog as log } from '../log.js';
import { Transport } from '../transport.js';
import { decodeEio3Payload, encodeEio3Payload } from '../eio3-codec.js';
import { encodePayload } from '../wire.js';

export interface PollingTransportOptions {
  maxHttpBufferSize: number;
  httpCompression: boolean | { threshold?: number };
  clock: Clock;
  /** How long a server-side close waits for the GET that carries the `1` packet. */
  closeTimeout?: number;
  /** Engine.IO protocol 3 (a Socket.IO 2 client): its payload formats; `supportsBinary` unless it asked for base64 (`b64=1`). */
  eio3?: { supportsBinary: boolean };
  /** Sees (and may change) the headers of every response (the engine's `headers` event). */
  headers?: (headers: Record<string, string>, req: IncomingMessage) => void;
}

/** Default wait for the next GET when the server closes a polling session. */
export const POLLING_CLOSE_TIMEOUT_MS = 3000;

interface HeldPoll {
  req: IncomingMessage;
  res: ServerResponse;
}

interface PendingClose {
  packets: readonly EnginePacket[];
  done: () => void;
  timer: TimerHandle;
}

const CLOSE: EnginePacket = { type: 'close' };
const NOOP: EnginePacket = { type: 'noop' };
const OLD_IE = /;\s*MSIE|Trident\//;

/**
 * One polling session's HTTP side: at most one held GET and one POST at a time; a second one of
 * either is an error that ends the session.
 */
export class PollingTransport extends Transport {
  readonly name = 'polling' as const;
  private poll: HeldPoll | undefined;
  private posting = false;
  private pendingClose: PendingClose | undefined;
  private readonly threshold: number | undefined;

  constructor(private readonly options: PollingTransportOptions) {
    super();
    this.threshold = compressionThreshold(options.httpCompression);
  }

  /** Takes one HTTP request of this session: GET polls, POST sends, anything else is a 500. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET') this.onPollRequest(req, res);
    else if (req.method === 'POST') this.onDataRequest(req, res);
    else refuse(req, res, 500, 'Method not allowed on a polling session');
  }

  send(packets: readonly EnginePacket[]): void {
    const poll = this.takePoll();
    if (poll === undefined) throw new Error('PollingTransport.send() called without a held GET');
    this.respond(poll, packets);
  }

  close(finalPackets: readonly EnginePacket[], done: () => void): void {
    let remaining = finalPackets;
    const poll = this.takePoll();
    if (poll !== undefined && remaining.length === 0) {
      this.respond(poll, [CLOSE]);
      done();
      return;
    }
    if (poll !== undefined) {
      // The close goes with the next GET: socket.io-client hands decoded packets over a tick
      // later, so a `1` in the same payload would overtake them (e.g. the DISCONNECTs before it).
      this.respond(poll, remaining);
      remaining = [];
    }
    const timeout = this.options.closeTimeout ?? POLLING_CLOSE_TIMEOUT_MS;
    const timer = this.options.clock.setTimeout(() => this.finishClose(undefined), timeout);
    this.pendingClose = { packets: remaining, done, timer };
  }

  destroy(): void {
    this.end(CLOSE);
  }

  override discard(): void {
    this.end(NOOP);
  }

  /** Answers a held GET with one `6` so the client can pause polling during an upgrade. */
  releasePoll(): void {
    const poll = this.takePoll();
    if (poll !== undefined) this.respond(poll, [NOOP]);
  }

  private end(last: EnginePacket): void {
    this.ended = true;
    if (this.pendingClose !== undefined) this.options.clock.clearTimeout(this.pendingClose.timer);
    this.pendingClose = undefined;
    const poll = this.takePoll();
    if (poll !== undefined) this.respond(poll, [last]);
  }

  private onPollRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.poll !== undefined) {
      refuse(req, res, 400, 'Overlapping GET requests');
      this.fail('transport error', new Error('overlap from client: a second GET while one is held'));
      return;
    }
    if (this.pendingClose !== undefined) {
      this.finishClose({ req, res });
      return;
    }
    if (this.ended) {
      this.respond({ req, res }, [CLOSE]);
      return;
    }
    this.poll = { req, res };
    res.once('close', () => this.onPollClosed(res));
    this.becameWritable();
  }

  /** The held GET's connection closed before it was answered: the client is gone. */
  private onPollClosed(res: ServerResponse): void {
    if (this.poll?.res !== res) return;
    this.poll = undefined;
    this.peerClosed(new Error('the client aborted the held polling GET'));
  }

  private finishClose(poll: HeldPoll | undefined): void {
    const pending = this.pendingClose;
    if (pending === undefined) return;
    this.pendingClose = undefined;
    this.options.clock.clearTimeout(pending.timer);
    if (poll !== undefined && pending.packets.length > 0) {
      // Packets first, the close with the GET after (see close()); the timer is re-armed.
      this.respond(poll, pending.packets);
      const timer = this.options.clock.setTimeout(() => this.finishClose(undefined), this.options.closeTimeout ?? POLLING_CLOSE_TIMEOUT_MS);
      this.pendingClose = { packets: [], done: pending.done, timer };
      return;
    }
    if (poll !== undefined) this.respond(poll, [CLOSE]);
    pending.done();
  }

  private takePoll(): HeldPoll | undefined {
    const poll = this.poll;
    this.poll = undefined;
    this.writable = false;
    return poll;
  }

  private onDataRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.posting) {
      refuse(req, res, 400, 'Overlapping POST requests');
      this.fail('transport error', new Error('overlap from client: a second POST while one is in progress'));
      return;
    }
    if (isBinaryContent(req) && this.options.eio3 === undefined) {
      refuse(req, res, 400, 'Invalid content: Engine.IO 4 polling bodies are text');
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > this.options.maxHttpBufferSize) {
      // Answered before a byte of the body is read; Connection: close drops the rest.
      refuse(req, res, 413, 'Payload Too Large', this.options.maxHttpBufferSize);
      return;
    }
    this.posting = true;
    readBody(req, this.options.maxHttpBufferSize, (result) => this.onBody(req, res, result));
  }

  private onBody(req: IncomingMessage, res: ServerResponse, result: BodyResult): void {
    this.posting = false;
    if (result === 'too large') {
      refuse(req, res, 413, 'Payload Too Large', this.options.maxHttpBufferSize);
      return;
    }
    if (result === 'aborted') return;
    let packets: EnginePacket[];
    try {
      packets = this.options.eio3
        ? decodeEio3Payload(result, isBinaryContent(req))
        : decodeEnginePayload(result.toString('utf8'), 'nodebuffer');
    } catch (error) {
      refuse(req, res, 400, 'Bad payload');
      this.fail('parse error', error instanceof Error ? error : new Error(String(error)));
      return;
    }
    writeStatus(res, 200, 'ok', this.withHook({}, req));
    for (const packet of packets) {
      if (this.ended) break;
      this.receive(packet);
    }
  }

  private withHook(headers: Record<string, string>, req: IncomingMessage): Record<string, string> {
    this.options.headers?.(headers, req);
    return headers;
  }

  /** Writes one payload as the answer to a GET, compressed when large enough and accepted. */
  private respond({ req, res }: HeldPoll, packets: readonly EnginePacket[]): void {
    const { eio3 } = this.options;
    const { body, contentType } = eio3
      ? encodeEio3Payload(packets, eio3.supportsBinary)
      : { body: Buffer.from(encodePayload([...packets]), 'utf8'), contentType: 'text/plain; charset=UTF-8' };
    const headers: Record<string, string> = { 'Content-Type': contentType, 'Cache-Control': 'no-store' };
    if (OLD_IE.test(req.headers['user-agent'] ?? '')) headers['X-XSS-Protection'] = '0';
    this.withHook(headers, req);
    const encoding = this.threshold !== undefined && body.length >= this.threshold ? chooseEncoding(req.headers['accept-encoding']) : undefined;
    if (encoding === undefined) {
      writeBody(res, headers, body);
      return;
    }
    compress(body, encoding, (error, compressed) => {
      if (error) writeBody(res, headers, body);
      else writeBody(res, { ...headers, 'Content-Encoding': encoding, Vary: appendVary(res, 'Accept-Encoding') }, compressed);
    });
  }
}

/**
 * Answers a request the transport will not take, and logs why. A 413 (over `limit` bytes) closes
 * the connection, so the rest of the body is not read.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string, limit?: number): void {
  if (limit === undefined) log('polling %s %s refused: %d %s', req.method, req.url, status, message);
  else log('polling %s %s refused: %d %s (over maxHttpBufferSize, %d bytes)', req.method, req.url, status, message, limit);
  writeStatus(res, status, message, status === 413 ? { Connection: 'close' } : {});
}

function writeBody(res: ServerResponse, headers: Record<string, string>, body: Buffer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
  res.end(body);
}

/** Vary may already hold 'Origin' (set by the CORS step); keep it. */
function appendVary(res: ServerResponse, value: string): string {
  const current = res.getHeader('Vary');
  return current === undefined ? value : `${String(current)}, ${value}`;
}

function isBinaryContent(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/octet-stream');
}

type BodyResult = Buffer | 'too large' | 'aborted';

/** Reads a request body up to `limit` bytes; calls back once. Stops reading at the limit. */
function readBody(req: IncomingMessage, limit: number, callback: (result: BodyResult) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let settled = false;
  const settle = (result: BodyResult): void => {
    if (settled) return;
    settled = true;
    req.off('data', onChunk);
    callback(result);
  };
  const onChunk = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > limit) settle('too large');
    else chunks.push(chunk);
  };
  req.on('data', onChunk);
  req.once('end', () => settle(Buffer.concat(chunks, size)));
  req.once('error', () => settle('aborted'));
  req.once('close', () => settle(req.complete ? Buffer.concat(chunks, size) : 'aborted'));
}
