// Builds @rtio/client's browser bundle: a minified IIFE exposing `io`, with a source map.
// Run from packages/client. The browser platform resolves the `browser` conditions, so neither `ws`
// nor any Node built-in can end up in the bundle (esbuild fails if one is reached).
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['src/browser.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022', // private class fields stay native (es2020 lowers them to WeakMaps: +500 bytes gzip)
  sourcemap: true,
  outfile: 'dist/browser/rtio.min.js',
  metafile: true,
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
console.log(`built dist/browser/rtio.min.js: ${bytes} bytes minified`);
