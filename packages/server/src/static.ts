// Serves the browser client at <path>client.js, client.min.js and client.js.map, with an ETag
// (304 on a match), Cache-Control, and gzip when the request accepts it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { createDebug } from './debug.js';

const debug = createDebug('static');

interface ServedFile {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  type: string;
}

/** Where the built browser bundle lives: `<dir>/rtio.min.js` and its `.map`. */
export interface ClientBundle {
  js: string;
  map: string;
}

function load(file: string, type: string): ServedFile | undefined {
  try {
    const body = readFileSync(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return { body, gzipped: gzipSync(body, { level: 9 }), etag, type };
  } catch (error) {
    debug(`client bundle ${file} not readable: ${String(error)}`);
    return undefined;
  }
}

/**
 * A pre-handler for the engine's path: answers the client files and returns true, or returns
 * false for every other request. Files are read once, on first request.
 */
export function createClientFileHandler(path: string, bundle: ClientBundle): (req: IncomingMessage, res: ServerResponse) => boolean {
  const cache = new Map<string, ServedFile | undefined>();
  const files: Record<string, [string, string]> = {
    'client.js': [bundle.js, 'application/javascript; charset=utf-8'],
    'client.min.js': [bundle.js, 'application/javascript; charset=utf-8'],
    'client.js.map': [bundle.map, 'application/json; charset=utf-8'],
  };
  return (req, res) => {
    const url = req.url ?? '';
    const name = url.startsWith(path) ? url.slice(path.length).split('?')[0] ?? '' : '';
    const entry = Object.hasOwn(files, name) ? files[name] : undefined;
    if (!entry || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    if (!cache.has(name)) cache.set(name, load(entry[0], entry[1]));
    const file = cache.get(name);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('rtio client bundle not built: run `pnpm build` (or set serveClient: false)\n');
      return true;
    }
    const headers: Record<string, string> = {
      'Content-Type': file.type,
      'Cache-Control': 'public, max-age=0, must-revalidate',
      ETag: file.etag,
      Vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzipped : file.body;
    if (gzip) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
