// HTTP response compression for polling bodies: gzip or deflate by Accept-Encoding, above a threshold.
import { deflate, gzip } from 'node:zlib';

export type ContentEncoding = 'gzip' | 'deflate';

const DEFAULT_THRESHOLD = 1024;

/** The threshold in bytes, or undefined when compression is off. */
export function compressionThreshold(option: boolean | { threshold?: number }): number | undefined {
  if (option === false) return undefined;
  if (option === true) return DEFAULT_THRESHOLD;
  return option.threshold ?? DEFAULT_THRESHOLD;
}

/** The encoding to use for this Accept-Encoding header: gzip first, then deflate, else none. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): ContentEncoding | undefined {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (header === undefined) return undefined;
  const offered = header.split(',').flatMap((part) => {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((param) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(param));
    return refused ? [] : [name.trim()];
  });
  if (offered.includes('gzip')) return 'gzip';
  if (offered.includes('deflate')) return 'deflate';
  return undefined;
}

/** Compresses `body` asynchronously; calls back once with the bytes or an error. */
export function compress(body: Buffer, encoding: ContentEncoding, callback: (error: Error | null, result: Buffer) => void): void {
  const codec = encoding === 'gzip' ? gzip : deflate;
  codec(body, callback);
}
