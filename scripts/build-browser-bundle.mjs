// Builds @rtio/client's browser bundles, each with a source map: a minified IIFE exposing `io`
// (the one the size budget counts), and an ES module of the same code for <script type="module">.
// Run from packages/client. The browser platform resolves the `browser` conditions, so neither `ws`
// nor any Node built-in can end up in the bundle (esbuild fails if one is reached).
// esbuild bundles; terser then compresses harder (about 3% smaller gzip), carrying the source map on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { minify } from 'terser';

const outfile = 'dist/browser/rtio.min.js';
// Properties only rtio's own objects carry (transports, their hooks, internal records): renamed in
// the bundle. Never list a name that user code passes in or reads, or a built-in's.
const INTERNAL_PROPERTIES = /^(hooks|onPacket|onDrain|onOpen|onClose|onError|pause|handler|timer|pending|tries|flags|upgrading|upgraded|payloadStart|attachments|isOpen|release|queued|original|allocateId|rejectAll|emitReserved|emitEvent|dispatch|awaitingAttachments|failed|args|listenerTable)$/;

const OPTIONS = {
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022', // private class fields stay native (es2020 lowers them to WeakMaps: +500 bytes gzip)
  mangleProps: INTERNAL_PROPERTIES,
  define: { 'globalThis.RTIO_TERSE_ERRORS': 'true' }, // ProtocolErrors carry their code without a sentence
  sourcemap: 'external',
  write: false,
  logLevel: 'warning',
};
const terserOptions = () => ({
  ecma: 2022,
  // unsafe_comps/unsafe_methods: rtio compares no objects with valueOf and constructs no object methods.
  compress: { passes: 3, pure_getters: true, unsafe_arrows: true, keep_fargs: false, unsafe_comps: true, unsafe_methods: true },
  mangle: true,
});
const result = await build({ ...OPTIONS, entryPoints: ['src/browser.ts'], outfile });
const code = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
const map = result.outputFiles.find((file) => file.path.endsWith('.map'))?.text ?? '';
const compressed = await minify(code, {
  ...terserOptions(),
  module: false,
  sourceMap: { content: map, url: 'rtio.min.js.map', filename: 'rtio.min.js' },
});
mkdirSync('dist/browser', { recursive: true });
writeFileSync(outfile, compressed.code ?? '');
writeFileSync(`${outfile}.map`, String(compressed.map));
console.log(`built ${outfile}: ${Buffer.byteLength(compressed.code ?? '')} bytes minified`);

// The ES module the server also serves (client.esm.min.js, socket.io.esm.min.js): same options.
const esmFile = 'dist/browser/rtio.esm.min.js';
const esm = await build({ ...OPTIONS, entryPoints: ['src/browser-esm.ts'], format: 'esm', outfile: esmFile });
const esmCode = esm.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
const esmMap = esm.outputFiles.find((file) => file.path.endsWith('.map'))?.text ?? '';
const esmCompressed = await minify(esmCode, {
  ...terserOptions(),
  module: true,
  sourceMap: { content: esmMap, url: 'rtio.esm.min.js.map', filename: 'rtio.esm.min.js' },
});
writeFileSync(esmFile, esmCompressed.code ?? '');
writeFileSync(`${esmFile}.map`, String(esmCompressed.map));
console.log(`built ${esmFile}: ${Buffer.byteLength(esmCompressed.code ?? '')} bytes minified`);
