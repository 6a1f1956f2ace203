// EngineError: why the engine could not open, or why a transport failed.
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
  let json: { code?: unknown; message?: unknown } = {};
  try {
    json = JSON.parse(body) ?? {};
  } catch {
    // not JSON: a proxy or a raw upgrade refusal
  }
  const code = typeof json.code === 'number' ? json.code : undefined;
  return new EngineError(`HTTP ${status}: ${typeof json.message === 'string' ? json.message : body.slice(0, 100)}`, 'http', transport, undefined, status, code);
}

/** A connection that could not be made: 'cors' for a TypeError on a cross-origin URL in a browser, else 'network'. */
export function networkError(error: unknown, url: string, transport: TransportName): EngineError {
  const location = (globalThis as { location?: { origin?: string } }).location;
  const cors = error instanceof TypeError && location?.origin !== undefined && new URL(url).origin !== location.origin;
  const e = error as { message?: string; code?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  const message = `${transport} ${cors ? 'blocked (CORS?)' : 'connection failed'}: ${e?.message ?? error}${code ? ` (${code})` : ''}`;
  return new EngineError(message, cors ? 'cors' : 'network', transport, error);
}
