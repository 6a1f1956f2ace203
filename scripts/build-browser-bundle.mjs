// Builds @rtio/client's browser bundle: a minified IIFE exposing `io`, with a source map.
// Run from packages/client. The browser platform resolves the `browser` conditions, so neither `ws`
// nor any Node built-in can end up in the bundle (esbuild fails if one is reached).
// esbuild bundles; terser then compresses harder (about 3% smaller gzip), carrying the source map on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { minify } from 'terser';

const outfile = 'dist/browser/rtio.min.js';
// Properties only rtio's own objects carry (transports, their hooks, internal records): renamed in
// the bundle. Never list a name that user code passes in or reads, or a built-in's.
const INTERNAL_PROPERTIES = /^(hooks|onPacket|onDrain|onOpen|onClose|onError|pause|handler|timer|pending|tries|flags|upgrading|upgraded|payloadStart|attachments|isOpen|release|queued|original|allocateId|rejectAll|emitReserved|emitEvent|dispatch|awaitingAttachments|failed|args)$/;

const result = await build({
  entryPoints: ['src/browser.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022', // private class fields stay native (es2020 lowers them to WeakMaps: +500 bytes gzip)
  mangleProps: INTERNAL_PROPERTIES,
  define: { 'globalThis.RTIO_TERSE_ERRORS': 'true' }, // ProtocolErrors carry their code without a sentence
  sourcemap: 'external',
  outfile,
  write: false,
  logLevel: 'warning',
});
const code = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
const map = result.outputFiles.find((file) => file.path.endsWith('.map'))?.text ?? '';
const compressed = await minify(code, {
  ecma: 2022,
  module: false,
  compress: { passes: 3, pure_getters: true, unsafe_arrows: true, keep_fargs: false },
  mangle: true,
  sourceMap: { content: map, url: 'rtio.min.js.map', filename: 'rtio.min.js' },
});
mkdirSync('dist/browser', { recursive: true });
writeFileSync(outfile, compressed.code ?? '');
writeFileSync(`${outfile}.map`, String(compressed.map));
console.log(`built ${outfile}: ${Buffer.byteLength(compressed.code ?? '')} bytes minified`);
