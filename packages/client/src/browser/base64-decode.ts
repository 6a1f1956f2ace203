// Stands in for engine.io-parser's own base64 decoder in the browser bundles (see
// scripts/build-browser-bundle.mjs): every browser rtio supports has atob, so the lookup table
// engine.io-parser carries for old ones is ~200 bytes gzip the page does not need.

/** Base64 text (a polling `b` packet's payload) → its bytes. */
export const decode = (base64: string): ArrayBuffer => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
