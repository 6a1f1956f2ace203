// EngineServer: validates Engine.IO requests and upgrades, creates sessions and routes to them.
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Emitter, type NoEvents } from '@rtio/protocol';
import { decideCors, isValidOriginHeader, writePreflight, type CorsDecision } from './cors.js';
import { resolveEngineOptions, type EngineOptions } from './engine-options.js';
import { EngineErrorCode, engineError, writeJsonError, writeStatus, writeUpgradeError, type EngineRequestError } from './engine-errors.js';
import { ForeignUpgrades } from './foreign-upgrades.js';
import { attachToHttpServer } from './http-attachment.js';
import { HttpMiddlewares, UpgradeResponse, type HttpMiddleware } from './http-middlewares.js';
import { checkRequest } from './request-check.js';
import { EngineSession } from './session.js';
import { randomId } from './random-id.js';
import type { Transport } from './transport.js';
import { PollingTransport } from './transports/polling.js';
import { WebSocketTransport } from './transports/websocket.js';

/** A rejected request, as reported by `connection_error`. */
export interface EngineConnectionError {
  req: IncomingMessage;
  code: number;
  message: string;
  context?: unknown;
}

export interface EngineServerEvents {
  connection: (session: EngineSession) => void;
  connection_error: (error: EngineConnectionError) => void;
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
export class EngineServer extends Emitter<NoEvents, EngineServerEvents> {
  readonly options: EngineOptions;
  private readonly sessions = new Map<string, EngineSession>();
  private readonly wss: WebSocketServer;
  private detach: (() => void) | undefined;
  private closed = false;
  private readonly middlewares = new HttpMiddlewares();
  /** Headers the middlewares set on an upgrade, written into its 101 response. */
  private readonly upgradeHeaders = new WeakMap<IncomingMessage, OutgoingHttpHeaders>();

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
      const headers = this.upgradeHeaders.get(req);
      if (headers === undefined) return;
      this.upgradeHeaders.delete(req);
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

  /** After close(): this engine serves nothing any more. */
  get isClosed(): boolean {
    return this.closed;
  }

  get clientsCount(): number {
    return this.sessions.size;
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
      preHandler: preHandler && ((req, res) => this.runPreHandler(preHandler, req, res)),
    });
    this.detach = () => {
      detach();
      foreign.close();
    };
  }

  /** Handles one HTTP request on the engine path (polling, preflight, or an error answer). */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    this.guardResponse(res, () => {
      if (!isValidOriginHeader(req.headers.origin)) {
        this.abortRequest(req, res, engineError(EngineErrorCode.BAD_REQUEST, { name: 'INVALID_ORIGIN' }));
        return;
      }
      decideCors(req, this.options.cors, (decision) => this.guardResponse(res, () => this.onRequestCors(req, res, decision)));
    });
  }

  /** Handles one HTTP Upgrade request on the engine path (WebSocket handshake or upgrade). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', onUpgradeSocketError);
    this.guardSocket(socket, () => {
      if (!isValidOriginHeader(req.headers.origin)) {
        this.abortUpgrade(req, socket, engineError(EngineErrorCode.BAD_REQUEST, { name: 'INVALID_ORIGIN' }));
        return;
      }
      decideCors(req, this.options.cors, (decision) =>
        this.guardSocket(socket, () => this.onUpgradeCors(req, socket, head, decision)),
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
      this.guardResponse(res, () =>
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
      this.guardResponse(res, () => (error ? this.abortRequest(req, res, error) : this.openPollingSession(req, res))),
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
      this.guardSocket(socket, () => {
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
      this.guardSocket(socket, () =>
        error
          ? this.abortUpgrade(req, socket, error)
          : this.completeUpgrade(req, socket, head, (transport) => this.openSession(req, transport)),
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

  /** Lets ws finish the handshake, then hands the socket over as a transport. */
  private completeUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, onTransport: (transport: Transport) => void): void {
    if (this.closed || socket.destroyed) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      socket.off('error', onUpgradeSocketError);
      const transport = new WebSocketTransport(ws, socket);
      if (this.closed) {
        transport.destroy();
        return;
      }
      this.guardSocket(socket, () => onTransport(transport));
    });
  }

  private onProbeSocket(sid: string, transport: Transport): void {
    const session = this.sessions.get(sid);
    if (session === undefined) transport.destroy();
    else session.upgrade(transport);
  }

  private openPollingSession(req: IncomingMessage, res: ServerResponse): void {
    if (this.closed) {
      this.abortRequest(req, res, engineError(EngineErrorCode.BAD_REQUEST, { name: 'SERVER_CLOSED' }));
      return;
    }
    const { maxHttpBufferSize, httpCompression, clock } = this.options;
    const transport = new PollingTransport({ maxHttpBufferSize, httpCompression, clock });
    transport.handleRequest(req, res); // the handshake GET is the first poll: it carries the open packet
    this.openSession(req, transport);
  }

  private openSession(req: IncomingMessage, transport: Transport): void {
    let id = randomId();
    while (this.sessions.has(id)) id = randomId();
    const session = new EngineSession(id, req, transport, this.options, this.forget);
    this.sessions.set(id, session);
    session.open();
    this.emitReserved('connection', session);
  }

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

  private reportError(req: IncomingMessage, error: EngineRequestError): void {
    const report: EngineConnectionError = { req, code: error.code, message: error.message };
    if (error.context !== undefined) report.context = error.context;
    this.emitReserved('connection_error', report);
  }

  private runPreHandler(preHandler: (req: IncomingMessage, res: ServerResponse) => boolean, req: IncomingMessage, res: ServerResponse): boolean {
    try {
      return preHandler(req, res);
    } catch {
      writeStatus(res, 500, 'Internal Server Error');
      return true;
    }
  }

  /** Runs request handling; an unexpected throw becomes a 500 instead of a crash. */
  private guardResponse(res: ServerResponse, run: () => void): void {
    try {
      run();
    } catch {
      if (!res.headersSent) writeStatus(res, 500, 'Internal Server Error');
      else res.destroy();
    }
  }

  /** Runs upgrade handling; an unexpected throw drops the socket instead of crashing. */
  private guardSocket(socket: Duplex, run: () => void): void {
    try {
      run();
    } catch {
      socket.destroy();
    }
  }
}
