// Engine options: their types, defaults, and the one function that normalizes and validates them.
import type { IncomingMessage } from 'node:http';
import { systemClock, type Clock } from '@rtio/protocol';
import type { SerializeOptions } from 'cookie';

export type TransportName = 'polling' | 'websocket';

export type CorsOrigin =
  | boolean
  | string
  | RegExp
  | Array<string | RegExp>
  | ((origin: string | undefined, callback: (err: Error | null, allow?: boolean) => void) => void);

export interface CorsOptions {
  origin?: CorsOrigin;
  credentials?: boolean;
  methods?: string[];
  allowedHeaders?: string[];
  exposedHeaders?: string[];
  maxAge?: number;
}

/** Engine.IO's `cookie` option: a cookie holding the session id, set on the handshake response. */
export type SessionCookieOptions = SerializeOptions & { name?: string };

export interface EngineOptions {
  /** Normalized, with leading and trailing slash: '/rt/'. */
  path: string;
  transports: TransportName[];
  allowUpgrades: boolean;
  pingInterval: number;
  pingTimeout: number;
  upgradeTimeout: number;
  maxHttpBufferSize: number;
  /** Backpressure limit: a session whose unsent data exceeds it is closed ('backpressure'). */
  maxBufferedBytes: number;
  /** undefined = same-origin requests only. */
  cors: CorsOptions | undefined;
  allowRequest?: (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => void;
  perMessageDeflate: boolean | Record<string, unknown>;
  httpCompression: boolean | { threshold?: number };
  /**
   * Close upgrade requests on other paths that no other 'upgrade' listener answers (Engine.IO's
   * option): by listening to 'upgrade', rtio takes this job over from Node.
   */
  destroyUpgrade: boolean;
  /** How long another 'upgrade' listener has to answer such a request before it is closed. */
  destroyUpgradeTimeout: number;
  /**
   * Set a cookie with the session id on the handshake (for load balancers that route on a cookie).
   * `true` means `{ name: 'io', path: '/', httpOnly: true, sameSite: 'lax' }`; an object overrides
   * those. Off by default.
   */
  cookie: false | true | SessionCookieOptions;
  /** Also accept Engine.IO 3 clients (Socket.IO 2: `EIO=3`); off by default, as in Engine.IO. */
  allowEIO3: boolean;
  clock: Clock;
}

const TRANSPORT_NAMES: readonly TransportName[] = ['polling', 'websocket'];
/** Timers above this overflow to 1 ms in Node; a larger interval is a configuration mistake. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The defaults; `resolveEngineOptions({})` returns a copy of them. */
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = Object.freeze({
  path: '/rt/',
  transports: ['polling', 'websocket'],
  allowUpgrades: true,
  pingInterval: 25000,
  pingTimeout: 20000,
  upgradeTimeout: 10000,
  maxHttpBufferSize: 1e6,
  maxBufferedBytes: 10 * 1024 * 1024,
  cors: undefined,
  perMessageDeflate: false,
  httpCompression: true,
  destroyUpgrade: true,
  destroyUpgradeTimeout: 1000,
  cookie: false,
  allowEIO3: false,
  clock: systemClock,
}) as EngineOptions;

/**
 * Fills defaults for missing (or undefined) members, normalizes the path to '/x/' and rejects
 * nonsense with a TypeError that names the option. Unknown members are ignored.
 * @example
 * resolveEngineOptions({ path: '/rt', pingInterval: 10000 }).path; // '/rt/'
 */
export function resolveEngineOptions(partial: Partial<EngineOptions> = {}): EngineOptions {
  if (typeof partial !== 'object' || partial === null) {
    throw new TypeError(`engine options must be an object, got ${describe(partial)}`);
  }
  const given = Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined));
  const merged = { ...DEFAULT_ENGINE_OPTIONS, ...given } as EngineOptions;
  const options: EngineOptions = {
    ...merged,
    path: normalizePath(merged.path),
    transports: checkTransports(merged.transports),
    cors: checkCors(merged.cors),
  };
  checkBoolean('allowUpgrades', options.allowUpgrades);
  checkBoolean('destroyUpgrade', options.destroyUpgrade);
  checkBoolean('allowEIO3', options.allowEIO3);
  for (const name of ['pingInterval', 'pingTimeout', 'upgradeTimeout', 'destroyUpgradeTimeout'] as const) checkDuration(name, options[name]);
  checkPositive('maxHttpBufferSize', options.maxHttpBufferSize);
  checkPositive('maxBufferedBytes', options.maxBufferedBytes);
  checkOptionalFunction('allowRequest', options.allowRequest);
  checkDeflate(options.perMessageDeflate);
  checkCompression(options.httpCompression);
  checkClock(options.clock);
  if (options.cookie !== false && options.cookie !== true && (typeof options.cookie !== 'object' || options.cookie === null)) {
    throw new TypeError(`cookie must be true, false or cookie options such as { name: 'io' }, got ${describe(options.cookie)}`);
  }
  return options;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

function normalizePath(path: unknown): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`path must be a non-empty string such as "/rt/", got ${describe(path)}`);
  }
  if (/[?#\s]/.test(path)) throw new TypeError(`path must not contain "?", "#" or whitespace, got ${describe(path)}`);
  const leading = path.startsWith('/') ? path : `/${path}`;
  return leading.endsWith('/') ? leading : `${leading}/`;
}

function checkTransports(transports: unknown): TransportName[] {
  if (!Array.isArray(transports) || transports.length === 0) {
    throw new TypeError(`transports must be a non-empty array of "polling" and/or "websocket", got ${describe(transports)}`);
  }
  for (const name of transports) {
    if (!TRANSPORT_NAMES.includes(name as TransportName)) {
      throw new TypeError(`transports may only contain "polling" and "websocket", got ${describe(name)}`);
    }
  }
  return [...new Set(transports as TransportName[])];
}

function checkBoolean(name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(value)}`);
}

function checkPositive(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive finite number, got ${describe(value)}`);
  }
}

function checkDuration(name: string, value: unknown): void {
  checkPositive(name, value);
  if ((value as number) > MAX_TIMER_MS) throw new TypeError(`${name} must be at most ${MAX_TIMER_MS} ms, got ${describe(value)}`);
}

function checkOptionalFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${name} must be a function or undefined, got ${describe(value)}`);
  }
}

function checkDeflate(value: unknown): void {
  if (typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value))) return;
  throw new TypeError(`perMessageDeflate must be a boolean or an options object for ws, got ${describe(value)}`);
}

function checkCompression(value: unknown): void {
  if (typeof value === 'boolean') return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`httpCompression must be a boolean or { threshold?: number }, got ${describe(value)}`);
  }
  const { threshold } = value as { threshold?: unknown };
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0)) {
    throw new TypeError(`httpCompression.threshold must be a number of bytes >= 0, got ${describe(threshold)}`);
  }
}

function checkClock(clock: unknown): void {
  const candidate = clock as Partial<Clock> | null;
  const ok =
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.now === 'function' &&
    typeof candidate.setTimeout === 'function' &&
    typeof candidate.clearTimeout === 'function';
  if (!ok) throw new TypeError(`clock must implement now(), setTimeout() and clearTimeout(), got ${describe(clock)}`);
}

function checkCors(cors: unknown): CorsOptions | undefined {
  if (cors === undefined) return undefined;
  if (typeof cors !== 'object' || cors === null || Array.isArray(cors)) {
    throw new TypeError(`cors must be an options object or undefined (same-origin only), got ${describe(cors)}`);
  }
  const options = cors as CorsOptions;
  checkCorsOrigin(options.origin);
  for (const name of ['methods', 'allowedHeaders', 'exposedHeaders'] as const) {
    const list = options[name];
    if (list !== undefined && (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))) {
      throw new TypeError(`cors.${name} must be an array of strings, got ${describe(list)}`);
    }
  }
  if (options.credentials !== undefined) checkBoolean('cors.credentials', options.credentials);
  if (options.maxAge !== undefined && (typeof options.maxAge !== 'number' || !Number.isFinite(options.maxAge) || options.maxAge < 0)) {
    throw new TypeError(`cors.maxAge must be a number of seconds >= 0, got ${describe(options.maxAge)}`);
  }
  return { ...options };
}

function checkCorsOrigin(origin: unknown): void {
  if (origin === undefined || typeof origin === 'boolean' || typeof origin === 'string') return;
  if (origin instanceof RegExp || typeof origin === 'function') return;
  if (Array.isArray(origin) && origin.every((item) => typeof item === 'string' || item instanceof RegExp)) return;
  throw new TypeError(`cors.origin must be a boolean, string, RegExp, array of those, or a function, got ${describe(origin)}`);
}
