// io(url): where to connect (origin), which namespace, and which Manager may be shared.
import { VERBOSE } from '@rtio/protocol';

export interface ParsedUrl {
  /** scheme://host:port, no path. */
  origin: string;
  /** The namespace, from the URL's path ("/" when none). */
  nsp: string;
  query: Record<string, string>;
}

/** The engine's path: '/rt/' by default, with a trailing slash unless `addTrailingSlash: false`. */
export const enginePath = (options: { path?: string; addTrailingSlash?: boolean }): string =>
  (options.path ?? '/rt/').replace(/\/?$/, options.addTrailingSlash === false ? '' : '/');

/** Resolves `io()`'s url against the page (or fails clearly in Node when there is no page). */
export function parseUrl(url: string | undefined): ParsedUrl {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  if (url === undefined && base === undefined) {
    throw new TypeError(VERBOSE ? 'io(url) needs a URL outside a browser' : 'url');
  }
  // io() is the page's origin and namespace "/", whatever page it runs on (as in socket.io-client).
  const parsed = new URL(url ?? '/', base);
  // ws: and wss: name the same server as http: and https:.
  const scheme = parsed.protocol.replace('ws', 'http');
  return { origin: `${scheme}//${parsed.host}`, nsp: parsed.pathname || '/', query: Object.fromEntries(parsed.searchParams) };
}
