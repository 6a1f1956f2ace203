// Builds @rtio/client's browser bundles, each with a source map. Run from packages/client.
//   rtio.min.js        minified IIFE exposing `io`, no logs: /rt/client.js (the size budget counts it);
//                      rtio.min.cjs is a copy, for `require('@rtio/client/bundle')`
//   rtio.esm.min.js    the same as an ES module: client.esm.min.js, with io() on the served path
//   index.browser.js   the package entry (`io`, `Manager`…) minified, for bundlers (the `browser` condition)
//   rtio.debug.js      IIFE with debug logs and full error messages: client.debug.js, socket.io.js
//   index.debug.js     the package entry with logs, for bundlers: `@rtio/client/debug`
// The browser platform resolves the `browser` conditions, so neither `ws` nor any Node built-in can
// end up in a bundle (esbuild fails if one is reached). esbuild bundles; terser then compresses the
// minified ones harder (about 3% smaller gzip), carrying the source map on.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { minify } from 'terser';

// Properties only rtio's own objects carry (transports, their hooks, internal records): renamed in
// the bundle. Never list a name that user code passes in or reads, or a built-in's. (The client takes no
// packet limits: maxAttachments and maxDepth are only ever its own DEFAULT_LIMITS there; its AckRegistry
// and PacketDecoder are private to it, so their register, cancel and reset are reached by nothing else.)
const INTERNAL_PROPERTIES = /^(hooks|onPacket|onDrain|onOpen|onClose|onError|pause|handler|timer|pending|tries|flags|upgrading|upgraded|payloadStart|attachments|isOpen|release|queued|original|allocateId|rejectAll|emitReserved|emitEvent|dispatch|awaitingAttachments|failed|args|listenerTable|withError|maxAttachments|maxDepth|register|cancel|reset)$/;

const source = (file) => fileURLToPath(new URL(`../packages/client/src/browser/${file}`, import.meta.url));
// engine.io-parser's base64 decoder with a lookup table for browsers without atob → atob.
const base64ByAtob = {
  name: 'base64-by-atob',
  setup(build) {
    build.onResolve({ filter: /contrib\/base64-arraybuffer\.js$/ }, () => ({ path: source('base64-decode.ts') }));
  },
};
// Builds without logs: `debug` is never reached (every call is behind `if (LOGS)`), so a stub stands in.
const withoutDebug = {
  name: 'without-debug',
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, () => ({ path: source('no-debug.ts') }));
  },
};

const SMALL = {
  plugins: [base64ByAtob, withoutDebug],
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2022', // private class fields stay native (es2020 lowers them to WeakMaps: +500 bytes gzip)
  mangleProps: INTERNAL_PROPERTIES,
  // ProtocolErrors carry their code without a sentence; no debug logs.
  define: { 'globalThis.RTIO_TERSE_ERRORS': 'true', 'globalThis.RTIO_LOGS': 'false' },
  sourcemap: 'external',
  write: false,
  logLevel: 'warning',
};
const DEBUG = { ...SMALL, plugins: [base64ByAtob], minify: false, mangleProps: undefined, define: {} };

const terserOptions = {
  ecma: 2022,
  // sequences: false and inline: 1 only change how statements are written out (no comma chains, fewer
  // small functions inlined): gzip finds more repeats in the result (-10 B).
  // unsafe*: rtio compares no objects with valueOf, constructs no object methods and passes no Symbol to String().
  compress: { passes: 6, sequences: false, inline: 1, pure_getters: true, unsafe_arrows: true, keep_fargs: false, unsafe_comps: true, unsafe_methods: true, unsafe: true },
  mangle: true,
};

/** Builds `entry` into dist/browser/`name` with its map; `compress`: run terser over it. */
async function bundle(entry, name, options, format, compress) {
  const outfile = `dist/browser/${name}`;
  const result = await build({ ...options, entryPoints: [entry], format, outfile });
  let code = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text ?? '';
  let map = result.outputFiles.find((file) => file.path.endsWith('.map'))?.text ?? '';
  if (compress) {
    const compressed = await minify(code, { ...terserOptions, module: format === 'esm', sourceMap: { content: map, url: `${name}.map`, filename: name } });
    code = compressed.code ?? '';
    map = String(compressed.map);
  }
  writeFileSync(outfile, code);
  writeFileSync(`${outfile}.map`, map);
  console.log(`built ${outfile}: ${Buffer.byteLength(code)} bytes`);
}

mkdirSync('dist/browser', { recursive: true });
await bundle('src/browser.ts', 'rtio.min.js', SMALL, 'iife', true);
// The same script for `require('@rtio/client/bundle')`: a .js file is an ES module in this package.
copyFileSync('dist/browser/rtio.min.js', 'dist/browser/rtio.min.cjs');
await bundle('src/browser-esm.ts', 'rtio.esm.min.js', SMALL, 'esm', true);
await bundle('src/index.ts', 'index.browser.js', SMALL, 'esm', true);
await bundle('src/browser.ts', 'rtio.debug.js', DEBUG, 'iife', false);
await bundle('src/index.ts', 'index.debug.js', DEBUG, 'esm', false);
