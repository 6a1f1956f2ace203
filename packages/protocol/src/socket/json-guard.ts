// Guards around JSON.parse: nesting depth before parsing, prototype-polluting keys after.
import { ProtocolError, VERBOSE } from '../errors.js';
import { tooDeep } from './limits.js';

/** An array or an object: what JSON nests. */
export function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

/**
 * Throws NESTING_TOO_DEEP when the JSON text nests arrays/objects deeper than `maxDepth`. Runs
 * before JSON.parse, so a hostile payload costs one linear scan and builds no deep structures.
 */
function assertJsonDepth(text: string, maxDepth: number): void {
  // Each level needs an opening and a closing character, so short texts cannot be too deep.
  if (text.length <= 2 * maxDepth + 1) return;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A quote: jump to the one closing the string, the next after an even run of backslashes (0x5c).
      let slashes;
      do {
        i = text.indexOf('"', i + 1);
        for (slashes = 0; text.charCodeAt(i - 1 - slashes) === 0x5c; ) slashes++;
      } while (slashes % 2);
      if (i < 0) return; // unterminated: JSON.parse reports it
    } else if (c === 0x5b || c === 0x7b) { // [ {
      if (++depth > maxDepth) throw tooDeep(maxDepth);
    } else if (c === 0x5d || c === 0x7d) { // ] }
      depth--;
    }
  }
}

/**
 * Rejects keys that turn into prototype pollution when an application merges the payload into its
 * own objects: any `__proto__`, and a `constructor` holding a `prototype`. Only walks the parsed
 * value when the text could spell such a key (directly or through \u escapes).
 */
function assertNoForbiddenKeys(text: string, value: unknown): void {
  if (!text.includes('__proto__') && !text.includes('constructor') && !text.includes('\\u')) return;
  // Breadth first and without recursion: each node queued is visited as the loop reaches it.
  const queue = [value];
  for (const node of queue) {
    if (!isObject(node)) continue;
    if (Array.isArray(node)) {
      for (const item of node) queue.push(item);
      continue;
    }
    for (const key of Object.keys(node)) {
      const child = (node as Record<string, unknown>)[key];
      if (key === '__proto__' || (key === 'constructor' && isObject(child) && Object.hasOwn(child, 'prototype'))) {
        throw new ProtocolError('FORBIDDEN_KEY', VERBOSE && `payload key "${key}" could pollute object prototypes`);
      }
      queue.push(child);
    }
  }
}

/** Parses a JSON payload within the depth limit, rejecting prototype-polluting keys. */
export function parseJson(text: string, maxDepth: number): unknown {
  assertJsonDepth(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProtocolError('INVALID_JSON', VERBOSE && 'payload is not valid JSON');
  }
  assertNoForbiddenKeys(text, value);
  return value;
}
