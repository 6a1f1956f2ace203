// EngineError: why the engine could not open, or why a transport failed.
import { VERBOSE } from '@rtio/protocol';
import type { TransportName } from './engine-options.js';

export type EngineCloseReason = 'transport close' | 'transport error' | 'ping timeout' | 'parse error' | 'forced close';
export type ConnectErrorKind = 'http' | 'network' | 'timeout' | 'cors' | 'protocol' | 'server';

/** Why the engine could not open (or a transport failed). `cause`: the underlying error; `status`/`code`: HTTP status and Engine.IO error code when known. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    public kind: ConnectErrorKind,
    public transport?: TransportName,
    cause?: unknown,
    public status?: number,
    public code?: number,
  ) {
    super(message, { cause });
  }
}

/** An HTTP error answer: Engine.IO sends `{"code":n,"message":"..."}`. */
export function httpError(status: number, body: string, transport: TransportName): EngineError {
  let json: { code?: unknown; message?: unknown } | null | undefined;
  try {
    json = JSON.parse(body);
  } catch {
    // not JSON: a proxy or a raw upgrade refusal
  }
  const code = typeof json?.code === 'number' ? json.code : undefined;
  return new EngineError(`HTTP ${status}: ${typeof json?.message === 'string' ? json.message : body.slice(0, 100)}`, 'http', transport, undefined, status, code);
}

/** A TypeError on a URL of another origin than the page's: the browser may have blocked it for CORS. */
function crossOrigin(error: unknown, url: string): boolean {
  const location = (globalThis as { location?: { origin?: string } }).location;
  return error instanceof TypeError && location?.origin !== undefined && new URL(url).origin !== location.origin;
}

/** A connection that could not be made: 'cors' (by default: a cross-origin TypeError in a browser), else 'network'. */
export function networkError(error: unknown, url: string, transport: TransportName, cors = crossOrigin(error, url)): EngineError {
  const kind = cors ? 'cors' : 'network';
  const e = error as { message?: string; code?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  // The minified bundle says only which transport and kind (the cause stays on `cause`).
  const message = VERBOSE ? `${transport} ${cors ? 'blocked (CORS?)' : 'connection failed'}: ${e?.message ?? error}${code ? ` (${code})` : ''}` : `${transport} ${kind}`;
  return new EngineError(message, kind, transport, error);
}

/**
 * A failed polling fetch. A browser's TypeError tells "refused by CORS" from "unreachable" no more than
 * its message does, so a cross-origin one is probed once with no-cors: any answer (opaque) is CORS, a
 * rejection is network. No cookies go with the probe: fetch's default credentials are same-origin only.
 */
export const fetchFailure = async (error: unknown, url: string): Promise<EngineError> =>
  networkError(error, url, 'polling', crossOrigin(error, url) && !!(await fetch(url, { mode: 'no-cors' }).catch(() => 0)));
