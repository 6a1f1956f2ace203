// Request validation at the edge: each Engine.IO precondition rejected with its own code.
import type { IncomingMessage } from 'node:http';
import type { EngineOptions, TransportName } from './engine-options.js';
import { EngineErrorCode, engineError, type EngineRequestError } from './engine-errors.js';

/** What the checks need to know of an existing session. */
export interface SessionView {
  readonly transportName: TransportName;
  canUpgrade(): boolean;
}

/** A valid request: a new session on `transport`, or a request (or upgrade) of session `sid`. */
export type RequestTarget =
  | { kind: 'handshake'; transport: TransportName; protocol: EngineProtocol }
  | { kind: 'session'; sid: string; transport: TransportName; protocol: EngineProtocol };

/** Engine.IO protocol revisions: 4, and 3 with `allowEIO3`. */
export type EngineProtocol = 3 | 4;

export type CheckResult = { ok: true; target: RequestTarget } | { ok: false; error: EngineRequestError };

function reject(code: EngineErrorCode, name: string): CheckResult {
  return { ok: false, error: engineError(code, { name }) };
}

/** The query string of a request URL (an unparsable URL has none). */
export function queryOf(req: IncomingMessage): URLSearchParams {
  return queryOfUrl(req.url ?? '/');
}

/** The query of a request target ("/rt/?EIO=4&…"), without a full URL parse. */
export function queryOfUrl(url: string): URLSearchParams {
  const start = url.indexOf('?');
  return new URLSearchParams(start === -1 ? '' : url.slice(start + 1));
}

/** The protocol a request speaks (checkRequest() refused EIO=3 unless allowEIO3). */
export function protocolOf(req: IncomingMessage): EngineProtocol {
  return queryOf(req).get('EIO') === '3' ? 3 : 4;
}

/**
 * Checks transport, sid, method and protocol version, in Engine.IO's order. `upgrade` is true for an HTTP Upgrade
 * request. `allowRequest` is not run here: it applies to handshakes only and may be async.
 */
export function checkRequest(
  req: IncomingMessage,
  upgrade: boolean,
  options: EngineOptions,
  findSession: (sid: string) => SessionView | undefined,
): CheckResult {
  // Engine.IO's order: transport, then the session (or the handshake method), then the version.
  const query = queryOf(req);
  const transport = query.get('transport');
  if (transport === null || !options.transports.includes(transport as TransportName)) {
    return reject(EngineErrorCode.UNKNOWN_TRANSPORT, 'UNKNOWN_TRANSPORT');
  }
  const name = transport as TransportName;
  const sid = query.get('sid');
  const protocol: EngineProtocol = query.get('EIO') === '3' ? 3 : 4;
  const unsupported = query.get('EIO') !== '4' && !(protocol === 3 && options.allowEIO3);
  if (sid === null) {
    if (req.method !== 'GET') return reject(EngineErrorCode.BAD_HANDSHAKE_METHOD, 'BAD_HANDSHAKE_METHOD');
    if (upgrade !== (name === 'websocket')) return reject(EngineErrorCode.BAD_REQUEST, 'TRANSPORT_HANDSHAKE_ERROR');
    if (unsupported) return reject(EngineErrorCode.UNSUPPORTED_PROTOCOL_VERSION, 'UNSUPPORTED_PROTOCOL_VERSION');
    return { ok: true, target: { kind: 'handshake', transport: name, protocol } };
  }
  const session = findSession(sid);
  if (session === undefined) return reject(EngineErrorCode.UNKNOWN_SID, 'UNKNOWN_SID');
  if (upgrade !== (name === 'websocket')) return reject(EngineErrorCode.BAD_REQUEST, 'TRANSPORT_HANDSHAKE_ERROR');
  if (!upgrade && session.transportName !== name) return reject(EngineErrorCode.BAD_REQUEST, 'TRANSPORT_MISMATCH');
  if (upgrade && !session.canUpgrade()) return reject(EngineErrorCode.BAD_REQUEST, 'UPGRADE_REFUSED');
  if (unsupported) return reject(EngineErrorCode.UNSUPPORTED_PROTOCOL_VERSION, 'UNSUPPORTED_PROTOCOL_VERSION');
  return { ok: true, target: { kind: 'session', sid, transport: name, protocol } };
}
