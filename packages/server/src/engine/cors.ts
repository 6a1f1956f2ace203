// Origin policy: which requests may reach the engine, and the CORS headers an allowed one gets.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsOptions, CorsOrigin } from './engine-options.js';

/** What the policy decided for one request; `headers` go on every response to it. */
export interface CorsDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

const DEFAULT_METHODS = ['GET', 'POST'];
/** Visible ASCII and tab: anything else cannot be part of a serialized origin. */
const VALID_ORIGIN_CHARS = /^[\t\x20-\x7e]*$/;

/** False when the Origin header holds characters no origin can contain (→ code 3, INVALID_ORIGIN). */
export function isValidOriginHeader(origin: string | undefined): boolean {
  return origin === undefined || VALID_ORIGIN_CHARS.test(origin);
}

/** No Origin header (not a browser, or same-origin GET), or an Origin naming this very host. */
export function isSameOrigin(req: IncomingMessage): boolean {
  const { origin, host } = req.headers;
  if (origin === undefined) return true;
  if (host === undefined) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}

/**
 * Decides whether `req` may proceed. With `cors` undefined only same-origin requests pass; with
 * `cors.origin`, cross-origin requests pass when it allows the origin. Calls back exactly once,
 * synchronously unless `cors.origin` is a function.
 * This also guards WebSocket upgrades, which browsers never subject to CORS (cross-site WebSocket hijacking).
 */
export function decideCors(req: IncomingMessage, cors: CorsOptions | undefined, callback: (decision: CorsDecision) => void): void {
  const origin = req.headers.origin;
  if (isSameOrigin(req)) {
    callback({ allowed: true, headers: {} });
    return;
  }
  if (cors === undefined || cors.origin === undefined) {
    callback({ allowed: false, headers: {} });
    return;
  }
  matchOrigin(cors.origin, origin, (allowed) => {
    callback(allowed && origin !== undefined ? { allowed, headers: allowedHeaders(origin, cors) } : { allowed: false, headers: {} });
  });
}

/** Whether `origin` is allowed by the configured policy; calls back once. */
function matchOrigin(policy: CorsOrigin, origin: string | undefined, callback: (allowed: boolean) => void): void {
  if (typeof policy !== 'function') {
    callback(origin !== undefined && staticMatch(policy, origin));
    return;
  }
  let answered = false;
  const answer = (err: Error | null, allow?: boolean): void => {
    if (answered) return;
    answered = true;
    callback(err === null && allow === true);
  };
  try {
    policy(origin, answer);
  } catch {
    answer(new Error('cors.origin threw'));
  }
}

function staticMatch(policy: Exclude<CorsOrigin, (...args: never[]) => unknown>, origin: string): boolean {
  if (typeof policy === 'boolean') return policy;
  if (typeof policy === 'string') return policy === '*' || policy === origin;
  if (policy instanceof RegExp) return testRegExp(policy, origin);
  return policy.some((item) => (typeof item === 'string' ? item === origin : testRegExp(item, origin)));
}

function testRegExp(pattern: RegExp, origin: string): boolean {
  pattern.lastIndex = 0; // a /g or /y pattern keeps state between calls
  return pattern.test(origin);
}

function allowedHeaders(origin: string, cors: CorsOptions): Record<string, string> {
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  if (cors.credentials === true) headers['Access-Control-Allow-Credentials'] = 'true';
  if (cors.exposedHeaders !== undefined && cors.exposedHeaders.length > 0) {
    headers['Access-Control-Expose-Headers'] = cors.exposedHeaders.join(',');
  }
  return headers;
}

/** Answers an allowed OPTIONS preflight with 204 and the allowed methods and headers. */
export function writePreflight(req: IncomingMessage, res: ServerResponse, cors: CorsOptions | undefined): void {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Methods': (cors?.methods ?? DEFAULT_METHODS).join(','),
    'Content-Length': '0',
  };
  const requested = req.headers['access-control-request-headers'];
  const allowed = cors?.allowedHeaders?.join(',') ?? requested;
  if (allowed !== undefined && allowed !== '') headers['Access-Control-Allow-Headers'] = allowed;
  if (cors?.maxAge !== undefined) headers['Access-Control-Max-Age'] = String(cors.maxAge);
  res.writeHead(204, headers);
  res.end();
}
