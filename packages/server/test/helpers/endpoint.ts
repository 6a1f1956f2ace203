// Engine.IO endpoint URLs and the open packet: what both raw transports need before any I/O.
import type { HandshakeData } from '@rtio/protocol';

/** rtio's default endpoint path (Socket.IO's is /socket.io/). */
export const DEFAULT_PATH = '/rt/';

/**
 * Extra query parameters. A value replaces the default parameter of the same name; `null` removes
 * it (e.g. `{ EIO: null }` to test a missing protocol version).
 */
export type QueryOverrides = Record<string, string | null>;

/**
 * Builds `<base><path>?EIO=4&transport=…[&sid=…]` plus overrides, in that order.
 * `baseUrl` is `http://host:port` (a ws:// URL is derived from it for WebSockets).
 */
export function engineUrl(baseUrl: string, path: string, defaults: Record<string, string | undefined>, query: QueryOverrides = {}): URL {
  const url = new URL(path, baseUrl);
  const params: Record<string, string | null | undefined> = { ...defaults, ...query };
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string') url.searchParams.set(name, value);
  }
  return url;
}

/** The same URL with its scheme switched to ws:/wss:. */
export function toWebSocketUrl(url: URL): URL {
  const ws = new URL(url);
  if (ws.protocol === 'http:') ws.protocol = 'ws:';
  else if (ws.protocol === 'https:') ws.protocol = 'wss:';
  return ws;
}

/** Parses the Engine.IO open packet `0{...}`, checking each handshake field's type. */
export function parseOpenPacket(raw: string | Buffer): HandshakeData {
  if (typeof raw !== 'string' || !raw.startsWith('0')) {
    throw new Error(`expected the Engine.IO open packet "0{...}", got ${describeRaw(raw)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw.slice(1));
  } catch {
    throw new Error(`open packet payload is not JSON: ${describeRaw(raw)}`);
  }
  const record = (data ?? {}) as Record<string, unknown>;
  const wrong = [
    typeof record.sid !== 'string' && 'sid',
    !(Array.isArray(record.upgrades) && record.upgrades.every((u) => typeof u === 'string')) && 'upgrades',
    typeof record.pingInterval !== 'number' && 'pingInterval',
    typeof record.pingTimeout !== 'number' && 'pingTimeout',
    typeof record.maxPayload !== 'number' && 'maxPayload',
  ].filter((field): field is string => field !== false);
  if (wrong.length > 0) throw new Error(`open packet has missing or mistyped ${wrong.join(', ')}: ${describeRaw(raw)}`);
  return record as unknown as HandshakeData;
}

function describeRaw(raw: string | Buffer): string {
  if (typeof raw !== 'string') return `a binary frame of ${raw.length} bytes`;
  return JSON.stringify(raw.length > 120 ? `${raw.slice(0, 120)}…` : raw);
}
