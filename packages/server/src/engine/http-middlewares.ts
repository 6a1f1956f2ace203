// engine.use(): Express/Connect middlewares run on every Engine.IO HTTP request and upgrade, as in
// Engine.IO 6 (Socket.IO 4.6): after the CORS check, before the request is checked and served.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { queryOfUrl } from './request-check.js';

/** `(req, res, next)`: `next(error)` refuses the request (400 `MIDDLEWARE_FAILURE`); not calling `next` leaves it to the middleware. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HttpMiddleware = (req: any, res: any, next: (error?: unknown) => void) => void;

/** The request as Engine.IO middlewares see it: `req._query` is the parsed query string. */
export type EngineRequest = IncomingMessage & { _query: Record<string, string> };

/** Sets `req._query` (unless a framework already did), which middlewares such as Socket.IO's documented `onlyForHandshake` read. */
export function withQuery(req: IncomingMessage): EngineRequest {
  const request = req as EngineRequest;
  if (request._query === undefined) {
    const query: Record<string, string> = Object.create(null);
    for (const [key, value] of queryOfUrl(req.url ?? '')) if (!(key in query)) query[key] = value;
    request._query = query;
  }
  return request;
}

/**
 * What a middleware gets as `res` on an upgrade: headers it sets go into the 101 response,
 * `end()` refuses the upgrade by dropping the socket (the WebSocket client reports an error).
 */
export class UpgradeResponse {
  readonly headers: OutgoingHttpHeaders = {};
  headersSent = false;

  constructor(private readonly socket: Duplex) {}

  setHeader(name: string, value: number | string | string[]): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name: string): number | string | string[] | undefined {
    return this.headers[name.toLowerCase()];
  }
  removeHeader(name: string): void {
    delete this.headers[name.toLowerCase()];
  }
  hasHeader(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }
  /** Called before ws writes the 101: middlewares that hook it (express-session's cookie) run now. */
  writeHead(): this {
    this.headersSent = true;
    return this;
  }
  write(): boolean {
    return true;
  }
  end(): void {
    this.socket.destroy();
  }
}

/** The middlewares of one engine, applied in order. */
export class HttpMiddlewares {
  private readonly list: HttpMiddleware[] = [];

  use(middleware: HttpMiddleware): void {
    if (typeof middleware !== 'function') throw new TypeError('engine.use(): a middleware is a function (req, res, next)');
    this.list.push(middleware);
  }

  get size(): number {
    return this.list.length;
  }

  /**
   * Runs every middleware; `done(error)` once the last calls `next()` or one calls `next(error)`
   * or throws. A middleware that answers by itself never calls `next`, and `done` is not called.
   */
  run(req: IncomingMessage, res: ServerResponse | UpgradeResponse, done: (error?: unknown) => void): void {
    const request = withQuery(req);
    const step = (index: number): void => {
      const middleware = this.list[index];
      if (middleware === undefined) return done();
      let called = false;
      const next = (error?: unknown): void => {
        if (called) return; // a middleware calling next twice must not run the chain twice
        called = true;
        if (error !== undefined && error !== null) done(error);
        else step(index + 1);
      };
      try {
        middleware(request, res, next);
      } catch (error) {
        next(error ?? new Error('an engine middleware threw'));
      }
    };
    step(0);
  }
}
