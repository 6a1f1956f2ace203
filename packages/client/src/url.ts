// io(url): where to connect (origin), which namespace, and which Manager may be shared.

export interface ParsedUrl {
  /** scheme://host:port, no path. */
  origin: string;
  /** The namespace, from the URL's path ("/" when none). */
  nsp: string;
  query: Record<string, string>;
}

/** Resolves `io()`'s url against the page (or fails clearly in Node when there is no page). */
export function parseUrl(url: string | undefined): ParsedUrl {
  const base = typeof location === 'object' && location ? location.href : undefined;
  if (url === undefined && base === undefined) {
    throw new TypeError('io(url) needs a URL outside a browser');
  }
  const parsed = new URL(url ?? '', base);
  const query: Record<string, string> = {};
  parsed.searchParams.forEach((value, key) => (query[key] = value));
  const scheme = parsed.protocol === 'wss:' ? 'https:' : parsed.protocol === 'ws:' ? 'http:' : parsed.protocol;
  return { origin: `${scheme}//${parsed.host}`, nsp: parsed.pathname || '/', query };
}
