// EngineServer: validates Engine.IO requests and upgrades, creates sessions and routes to them.
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { NodeEmitter, type NoEvents } from '@rtio/protocol';
import { decideCors, isValidOriginHeader, writePreflight, type CorsDecision } from './cors.js';
import { resolveEngineOptions, type EngineOptions } from './engine-options.js';
import { EngineErrorCode, engineError, writeJsonError, writeStatus, writeUpgradeError, type EngineRequestError } from './engine-errors.js';
import { ForeignUpgrades } from './foreign-upgrades.js';
import { guardResponse, guardSocket, runPreHandler } from './guards.js';
import { attachToHttpServer } from './http-attachment.js';
import { HttpMiddlewares, UpgradeResponse, type HttpMiddleware } from './http-middlewares.js';
import { describeDetail, engineLog as log } from './log.js';
import { checkRequest, protocolOf, queryOf } from './request-check.js';
import type { EngineConnectionError, EngineServerEvents, ResponseHeaders } from './engine-server-events.js';
import { EngineSession } from './session.js';
import { randomId } from './random-id.js';
import { sessionCookie } from './session-cookie.js';
import type { Transport } from './transport.js';
import { PollingTransport } from './transports/polling.js';
import { WebSocketTransport } from './transports/websocket.js';

export type { EngineConnectionError, EngineServerEvents, ResponseHeaders } from './engine-server-events.js';

/** Whether a request belongs to an open session (it has a sid) rather than opening one. */
function hasSid(req: IncomingMessage): boolean {
  return /[?&]sid=/.test(req.url ?? '');
}

type Authorization = (error: EngineRequestError | undefined) => void;

/** Errors on a socket between the upgrade request and ws taking it over; the socket is dropped. */
function onUpgradeSocketError(this: Duplex): void {
  this.destroy();
}

/**
 * The Engine.IO 4 server: long-polling and WebSocket sessions on one path.
 * @example
 * const engine = new EngineServer({ path: '/rt/' });
 * engine.attach(httpServer);
 * engine.on('connection', (session) => session.send('hello'));
 */
export class EngineServer extends NodeEmitter<NoEvents, EngineServerEvents> {
  readonly options: EngineOptions;
  private readonly sessions = new Map<string, EngineSession>();
  private readonly wss: WebSocketServer;
  private detach: (() => void) | undefined;
  private closed = false;
  private readonly middlewares = new HttpMiddlewares();
  /** Headers the middlewares set on an upgrade, written into its 101 response. */
  private readonly upgradeHeaders = new WeakMap<IncomingMessage, OutgoingHttpHeaders>();
  /** The id generateId() gave each handshake request (for the session cookie). */
  private readonly handshakeIds = new WeakMap<IncomingMessage, string>();

  constructor(options: Partial<EngineOptions> = {}) {
    super();
    this.options = resolveEngineOptions(options);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: this.options.maxHttpBufferSize,
      perMessageDeflate: this.options.perMessageDeflate,
    });
    this.wss.on('headers', (lines: string[], req: IncomingMessage) => {
      const headers = this.upgradeHeaders.get(req) ?? {};
      this.upgradeHeaders.delete(req);
      this.announceHeaders(headers as ResponseHeaders, req);
      for (const [name, value] of Object.entries(headers)) {
        for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) lines.push(`${name}: ${String(one)}`);
      }
    });
  }

  /**
   * Adds an Express/Connect middleware for every Engine.IO request and upgrade (`req._query` holds
   * the query; `req._query.sid === undefined` on a handshake). `next(error)` answers 400.
   * @example
   * io.engine.use(sessionMiddleware); // then socket.request.session
   */
  use(middleware: HttpMiddleware): this {
    this.middlewares.use(middleware);
    return this;
  }

  /**
   * The id of a new session; replace it to choose your own (it may return a promise). Ids must be
   * unique and unguessable: they are the session's only credential. A throw refuses the handshake.
   * @example
   * io.engine.generateId = (req) => crypto.randomUUID();
   */
  generateId(_req: IncomingMessage): string | PromiseLike<string> {
    return randomId();
  }

  /** After close(): this engine serves nothing any more. */
  get isClosed(): boolean {
    return this.closed;
  }

  get clientsCount(): number {
    return this.sessions.size;
  }

  /** The open sessions by id, as Engine.IO's `clients` (a snapshot: later sessions are not in it). */
  get clients(): Readonly<Record<string, EngineSession>> {
    return Object.freeze(Object.fromEntries(this.sessions));
  }

  /**
   * Takes over requests and upgrades on options.path; everything else still reaches the
   * server's other listeners. `preHandler` sees path requests first and returns true when it
   * answered (used to serve /rt/client.js).
   */
  attach(server: Server, preHandler?: (req: IncomingMessage, res: ServerResponse) => boolean): void {
    if (this.detach !== undefined) throw new Error('EngineServer.attach(): already attached to an http server; close() first');
    if (this.closed) throw new Error('EngineServer.attach(): this engine is closed; create a new one');
    const foreign = new ForeignUpgrades(server, this.options);
    const detach = attachToHttpServer(server, this.options.path, {
      request: (req, res) => this.handleRequest(req, res),
      upgrade: (req, socket, head) => this.handleUpgrade(req, socket, head),
      foreignUpgrade: (socket) => foreign.take(socket),
      preHandler: preHandler && ((req, res) => runPreHandler(preHandler, req, res)),
    });
    this.detach = () => {
      detach();
      foreign.close();
    };
  }

  /** Handles one HTTP request on the engine path (polling, preflight, or an error answer). */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    guardResponse(res, () => {
      if (!isValidOriginHeader(req.headers.origin)) {
        this.abortRequest(req, res, engineError(EngineErrorCode.BAD_REQUEST, { name: 'INVALID_ORIGIN' }));
        return;
      }
      decideCors(req, this.options.cors, (decision) => guardResponse(res, () => this.onRequestCors(req, res, decision)));
    });
  }

  /** Handles one HTTP Upgrade request on the engine path (WebSocket handshake or upgrade). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', onUpgradeSocketError);
    guardSocket(socket, () => {
      if (!isValidOriginHeader(req.headers.origin)) {
        this.abortUpgrade(req, socket, engineError(EngineErrorCode.BAD_REQUEST, { name: 'INVALID_ORIGIN' }));
        return;
      }
      decideCors(req, this.options.cors, (decision) =>
        guardSocket(socket, () => this.onUpgradeCors(req, socket, head, decision)),
      );
    });
  }

  /** Closes every session ('forced close'), detaches from the http server, releases every timer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const session of [...this.sessions.values()]) session.close(true);
    this.sessions.clear();
    this.detach?.();
    this.detach = undefined;
    this.wss.close();
  }

  private onRequestCors(req: IncomingMessage, res: ServerResponse, decision: CorsDecision): void {
    if (!decision.allowed) {
      this.abortRequest(req, res, engineError(EngineErrorCode.FORBIDDEN, { name: 'ORIGIN_NOT_ALLOWED', origin: req.headers.origin }));
      return;
    }
    for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      writePreflight(req, res, this.options.cors);
      return;
    }
    if (this.closed) {
      this.abortRequest(req, res, engineError(EngineErrorCode.BAD_REQUEST, { name: 'SERVER_CLOSED' }));
      return;
    }
    if (this.middlewares.size === 0) return this.serveRequest(req, res);
    this.middlewares.run(req, res, (error) =>
      guardResponse(res, () =>
        error === undefined ? this.serveRequest(req, res) : this.abortRequest(req, res, engineError(EngineErrorCode.BAD_REQUEST, { name: 'MIDDLEWARE_FAILURE', error })),
      ),
    );
  }

  private serveRequest(req: IncomingMessage, res: ServerResponse): void {
    if (res.writableEnded) return; // a middleware answered and still called next()
    const check = checkRequest(req, false, this.options, (sid) => this.sessions.get(sid));
    if (!check.ok) {
      this.abortRequest(req, res, check.error);
      return;
    }
    const { target } = check;
    if (target.kind === 'session') {
      this.sessions.get(target.sid)?.handlePollingRequest(req, res);
      return;
    }
    this.authorize(req, (error) =>
      guardResponse(res, () =>
        error
          ? this.abortRequest(req, res, error)
          : this.newSessionId(req, (idError, id) =>
              guardResponse(res, () => (idError ? this.abortRequest(req, res, idError) : this.openPollingSession(req, res, id))),
            ),
      ),
    );
  }

  private onUpgradeCors(req: IncomingMessage, socket: Duplex, head: Buffer, decision: CorsDecision): void {
    if (!decision.allowed) {
      this.abortUpgrade(req, socket, engineError(EngineErrorCode.FORBIDDEN, { name: 'ORIGIN_NOT_ALLOWED', origin: req.headers.origin }));
      return;
    }
    if (this.closed) {
      this.abortUpgrade(req, socket, engineError(EngineErrorCode.BAD_REQUEST, { name: 'SERVER_CLOSED' }));
      return;
    }
    if (this.middlewares.size === 0) return this.serveUpgrade(req, socket, head);
    const res = new UpgradeResponse(socket);
    this.middlewares.run(req, res, (error) =>
      guardSocket(socket, () => {
        if (error !== undefined) {
          this.abortUpgrade(req, socket, engineError(EngineErrorCode.BAD_REQUEST, { name: 'MIDDLEWARE_FAILURE', error }));
          return;
        }
        if (socket.destroyed) return;
        res.writeHead(); // through the property: express-session sets its cookie from this hook
        this.upgradeHeaders.set(req, res.headers);
        this.serveUpgrade(req, socket, head);
      }),
    );
  }

  private serveUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const check = checkRequest(req, true, this.options, (sid) => this.sessions.get(sid));
    if (!check.ok) {
      this.abortUpgrade(req, socket, check.error);
      return;
    }
    const { target } = check;
    if (target.kind === 'session') {
      this.completeUpgrade(req, socket, head, (transport) => this.onProbeSocket(target.sid, transport));
      return;
    }
    this.authorize(req, (error) =>
      guardSocket(socket, () =>
        error
          ? this.abortUpgrade(req, socket, error)
          : this.newSessionId(req, (idError, id) =>
              guardSocket(socket, () =>
                idError
                  ? this.abortUpgrade(req, socket, idError)
                  : this.completeUpgrade(req, socket, head, (transport) => this.openSession(req, transport, id)),
              ),
            ),
      ),
    );
  }

  /** Runs allowRequest (handshakes only); calls back once with the refusal, if any. */
  private authorize(req: IncomingMessage, callback: Authorization): void {
    const allowRequest = this.options.allowRequest;
    if (allowRequest === undefined) {
      callback(undefined);
      return;
    }
    let answered = false;
    const answer = (error: EngineRequestError | undefined): void => {
      if (answered) return;
      answered = true;
      callback(error);
    };
    try {
      allowRequest(req, (err, success) => {
        if (success) answer(undefined);
        else answer(engineError(EngineErrorCode.FORBIDDEN, { name: 'ALLOW_REQUEST' }, typeof err === 'string' && err !== '' ? err : undefined));
      });
    } catch (error) {
      answer(engineError(EngineErrorCode.BAD_REQUEST, { name: 'ALLOW_REQUEST_THREW', error }));
    }
  }

  /** Asks generateId() for a new session's id (at once when it answers synchronously). */
  private newSessionId(req: IncomingMessage, callback: (error: EngineRequestError | undefined, id: string) => void): void {
    const refuse = (error: unknown) =>
      callback(engineError(EngineErrorCode.BAD_REQUEST, { name: 'ID_GENERATION_ERROR', error }), '');
    const accept = (id: unknown) => {
      if (typeof id !== 'string' || id === '') refuse(new TypeError(`generateId() must give a non-empty string, gave ${typeof id}`));
      else if (this.sessions.has(id)) refuse(new Error(`generateId() gave the id of a session still open: ${id}`));
      else {
        this.handshakeIds.set(req, id);
        callback(undefined, id);
      }
    };
    let generated: string | PromiseLike<string>;
    try {
      generated = this.generateId(req);
    } catch (error) {
      refuse(error);
      return;
    }
    if (typeof generated === 'string') accept(generated);
    else Promise.resolve(generated).then(accept, refuse);
  }

  /** Lets ws finish the handshake, then hands the socket over as a transport. */
  private completeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, onTransport: (transport: Transport) => void): void {
    if (this.closed || socket.destroyed) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      socket.off('error', onUpgradeSocketError);
      const transport = new WebSocketTransport(ws, socket, protocolOf(req) === 3);
      if (this.closed) {
        transport.destroy();
        return;
      }
      guardSocket(socket, () => onTransport(transport));
    });
  }

  private onProbeSocket(sid: string, transport: Transport): void {
    const session = this.sessions.get(sid);
    if (session === undefined) transport.destroy();
    else session.upgrade(transport);
  }

  private openPollingSession(req: IncomingMessage, res: ServerResponse, id: string): void {
    if (this.closed) {
      this.abortRequest(req, res, engineError(EngineErrorCode.BAD_REQUEST, { name: 'SERVER_CLOSED' }));
      return;
    }
    const { maxHttpBufferSize, httpCompression, clock } = this.options;
    const eio3 = protocolOf(req) === 3 ? { supportsBinary: queryOf(req).get('b64') === null } : undefined;
    const transport = new PollingTransport({ maxHttpBufferSize, httpCompression, clock, headers: this.announceHeaders, ...(eio3 ? { eio3 } : {}) });
    transport.handleRequest(req, res); // the handshake GET is the first poll: it carries the open packet
    this.openSession(req, transport, id);
  }

  private openSession(req: IncomingMessage, transport: Transport, id: string): void {
    if (this.closed || this.sessions.has(id)) {
      transport.destroy(); // closed, or the same id twice while generateId() was pending
      return;
    }
    const session = new EngineSession(id, req, transport, this.options, this.forget, protocolOf(req));
    log('handshake: session %s over %s from %s (EIO %d)', id, transport.name, session.remoteAddress, session.protocol);
    this.sessions.set(id, session);
    session.open();
    this.emitReserved('connection', session);
  }

  /** Emits `initial_headers` (handshakes) and `headers` for a response about to be written. */
  private readonly announceHeaders = (headers: ResponseHeaders, req: IncomingMessage): void => {
    const handshake = !hasSid(req);
    const id = handshake ? this.handshakeIds.get(req) : undefined;
    const cookie = id === undefined ? undefined : sessionCookie(this.options.cookie, id);
    if (cookie !== undefined) headers['Set-Cookie'] = [cookie];
    if (handshake && this.hasListeners('initial_headers')) this.emitReserved('initial_headers', headers, req);
    if (this.hasListeners('headers')) this.emitReserved('headers', headers, req);
  };

  /** One function for every session (told when it closes). */
  private readonly forget = (session: EngineSession): void => {
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
  };

  private abortRequest(req: IncomingMessage, res: ServerResponse, error: EngineRequestError): void {
    writeJsonError(res, error);
    this.reportError(req, error);
  }

  private abortUpgrade(req: IncomingMessage, socket: Duplex, error: EngineRequestError): void {
    writeUpgradeError(socket, error);
    this.reportError(req, error);
  }

  /** Every request and upgrade the engine refuses passes here: connection_error, and the log line. */
  private reportError(req: IncomingMessage, error: EngineRequestError): void {
    if (log.enabled) log('refused %s %s from %s: %s (code %d) %s', req.method, req.url, req.socket?.remoteAddress, error.message, error.code, describeDetail(error.context));
    const report: EngineConnectionError = { req, code: error.code, message: error.message };
    if (error.context !== undefined) report.context = error.context;
    this.emitReserved('connection_error', report);
  }
}
