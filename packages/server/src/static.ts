// Serves the browser client on the engine's path under rtio's names (client.js, client.min.js,
// client.esm.min.js, and client.debug.js with debug logs) and Socket.IO's (socket.io.js,
// socket.io.min.js, socket.io.esm.min.js), each with its .map: ETag with weak revalidation (304),
// Cache-Control, br or gzip, CORS headers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { decideCors, type CorsOptions } from './engine/index.js';
import { staticLog as log } from './log.js';

/** Where the built browser bundles live. */
export interface ClientBundle {
  /** The script that sets the global `io` (`rtio.min.js`). */
  js: string;
  map: string;
  /** The ES module exporting `io`, `Manager`, `Socket` (`rtio.esm.min.js`). */
  esm?: string;
  esmMap?: string;
  /** The script with debug logs (`localStorage.debug = 'rtio:*'`) and full error messages (`rtio.debug.js`). */
  debug?: string;
  debugMap?: string;
  /** Goes into the ETag, beside the content hash. */
  version?: string;
}

/** The path the script bundle's io() uses when none is given. */
const BUNDLE_DEFAULT_PATH = '/rt/';

type Kind = 'js' | 'map' | 'esm' | 'esmMap' | 'debug' | 'debugMap';
const SERVED_NAMES: Record<string, Kind> = {
  'client.js': 'js',
  'client.min.js': 'js',
  'client.js.map': 'map',
  'client.min.js.map': 'map',
  'client.esm.min.js': 'esm',
  'client.esm.min.js.map': 'esmMap',
  // Socket.IO's socket.io.js carries its logs; rtio keeps the small build there and names the logging one.
  'client.debug.js': 'debug',
  'client.debug.js.map': 'debugMap',
  'socket.io.js': 'js',
  'socket.io.min.js': 'js',
  'socket.io.js.map': 'map',
  'socket.io.min.js.map': 'map',
  'socket.io.esm.min.js': 'esm',
  'socket.io.esm.min.js.map': 'esmMap',
};

interface ServedFile {
  body: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
  type: string;
}

/**
 * The script as served under `name`: its map comment names the served map, and under a path that
 * is not the bundle's default, a wrapper after the code makes io() default to that path (after
 * the code, so the source map still matches).
 */
function adaptScript(source: string, name: string, path: string): string {
  const code = source.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
  const wrapper =
    path === BUNDLE_DEFAULT_PATH
      ? ''
      : `\n;(function (base, path) {\n` +
        `  function io(url, options) {\n` +
        `    if (typeof url === 'object' && url !== null) { options = url; url = undefined; }\n` +
        `    options = Object.assign({ path: path }, options);\n` +
        `    return url === undefined ? base(options) : base(url, options);\n` +
        `  }\n` +
        `  Object.assign(io, base, { connect: io });\n` +
        `  globalThis.io = io;\n` +
        `})(globalThis.io, ${JSON.stringify(path)});`;
  return `${code}${wrapper}\n//# sourceMappingURL=${name}.map\n`;
}

function load(file: string, kind: Kind, name: string, path: string, version: string | undefined): ServedFile | undefined {
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch (error) {
    log('client bundle %s not readable: %s', file, error instanceof Error ? error.message : error);
    return undefined;
  }
  if (kind === 'js' || kind === 'debug') body = Buffer.from(adaptScript(body.toString('utf8'), name, path), 'utf8');
  if (kind === 'esm') body = Buffer.from(body.toString('utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=${name}.map\n`), 'utf8');
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    etag: `"${version === undefined ? '' : `${version}-`}${hash}"`,
    type: kind.endsWith('Map') || kind === 'map' ? 'application/json; charset=utf-8' : 'application/javascript; charset=utf-8',
  };
}

/** The best encoding the request accepts (q=0 refuses one). */
function pickEncoding(accept: string | string[] | undefined): 'br' | 'gzip' | undefined {
  const offered = new Map<string, number>();
  for (const part of String(accept ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
    if (token) offered.set(token, q === undefined ? 1 : Number(q));
  }
  const accepted = (name: string): boolean => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  if (accepted('br')) return 'br';
  if (accepted('gzip')) return 'gzip';
  return undefined;
}

/** If-None-Match matches by weak comparison: `W/"x"` and `"x"` are the same tag (RFC 9110). */
function revalidates(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const candidate = tag.trim();
    return candidate === '*' || candidate.replace(/^W\//, '') === etag;
  });
}

/**
 * A pre-handler for the engine's path: answers the client files and returns true, or returns
 * false for every other request. Files are read once, on first request.
 */
export function createClientFileHandler(
  path: string,
  bundle: ClientBundle,
  cors?: CorsOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const cache = new Map<string, ServedFile | undefined>();
  const files: Record<Kind, string | undefined> = { js: bundle.js, map: bundle.map, esm: bundle.esm, esmMap: bundle.esmMap, debug: bundle.debug, debugMap: bundle.debugMap };
  return (req, res) => {
    const url = req.url ?? '';
    const name = url.startsWith(path) ? (url.slice(path.length).split('?')[0] ?? '') : '';
    const kind = Object.hasOwn(SERVED_NAMES, name) ? SERVED_NAMES[name] : undefined;
    if (kind === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    const file = files[kind];
    if (!cache.has(name)) cache.set(name, file === undefined ? undefined : load(file, kind, name.replace(/\.map$/, ''), path, bundle.version));
    decideCors(req, cors, (decision) => serve(req, res, cache.get(name), decision.headers));
    return true;
  };
}

function serve(req: IncomingMessage, res: ServerResponse, file: ServedFile | undefined, corsHeaders: Record<string, string>): void {
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...corsHeaders });
    res.end('rtio client bundle not built: run `pnpm build` (or set serveClient: false)\n');
    return;
  }
  const headers: Record<string, string> = {
    ...corsHeaders,
    'Content-Type': file.type,
    'Cache-Control': 'public, max-age=0, must-revalidate',
    ETag: file.etag,
    Vary: corsHeaders.Vary ? `${corsHeaders.Vary}, Accept-Encoding` : 'Accept-Encoding',
  };
  if (revalidates(req.headers['if-none-match'], file.etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const encoding = pickEncoding(req.headers['accept-encoding']);
  const body = encoding === undefined ? file.body : file[encoding];
  if (encoding !== undefined) headers['Content-Encoding'] = encoding;
  headers['Content-Length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
