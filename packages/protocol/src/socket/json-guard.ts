// Guards around JSON.parse: nesting depth before parsing, prototype-polluting keys after.
import { ProtocolError } from '../errors.js';
import { tooDeep } from './limits.js';

const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/** Index of the quote closing the string that opens at `start`, or -1. */
function closingQuote(text: string, start: number): number {
  let at = text.indexOf('"', start + 1);
  while (at !== -1) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return -1;
}

/**
 * Throws NESTING_TOO_DEEP when the JSON text nests arrays/objects deeper than `maxDepth`.
 * Runs before JSON.parse so a hostile payload costs one linear scan and no deep structures.
 */
export function assertJsonDepth(text: string, maxDepth: number): void {
  // Each level needs an opening and a closing character, so short texts cannot be too deep.
  if (text.length <= 2 * maxDepth + 1) return;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end === -1) return; // unterminated string: JSON.parse reports it
      i = end;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) throw tooDeep(maxDepth);
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
}

function forbiddenKey(path: string): ProtocolError {
  return new ProtocolError('FORBIDDEN_KEY', `payload key ${path} could pollute object prototypes`);
}

/**
 * Rejects keys that turn into prototype pollution when an application merges the payload into its
 * own objects: any `__proto__`, and a `constructor` holding a `prototype`. Only walks the parsed
 * value when the text could spell such a key (directly or through \u escapes).
 */
export function assertNoForbiddenKeys(text: string, value: unknown): void {
  if (!text.includes('__proto__') && !text.includes('constructor') && !text.includes('\\u')) return;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    for (const key of Object.keys(node)) {
      const child = (node as Record<string, unknown>)[key];
      if (key === '__proto__') throw forbiddenKey('"__proto__"');
      if (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype')) {
        throw forbiddenKey('"constructor.prototype"');
      }
      stack.push(child);
    }
  }
}
