// Binary attachments: replacing binaries by placeholders on the way out, and back on the way in.
import { ProtocolError } from '../errors.js';
import { tooDeep } from './limits.js';

/** Anything sent as a binary attachment: Buffer, ArrayBuffer, typed arrays, DataView, Blob. */
export type BinaryData = ArrayBuffer | ArrayBufferView | Blob;

interface Placeholder {
  _placeholder: true;
  num: number;
}

const hasBlob = typeof Blob === 'function';

export function isBinary(value: unknown): value is BinaryData {
  return (
    value instanceof ArrayBuffer || ArrayBuffer.isView(value) || (hasBlob && value instanceof Blob)
  );
}

/** Sets a key as an own data property, so a key named __proto__ stays data and never a prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Walks a payload, replacing each binary by a placeholder and appending it to `attachments`.
 * Copy-on-write: a subtree without binaries is returned as is, so binary-free payloads allocate
 * nothing. Objects with a toJSON method (Date…) are left to JSON.stringify. The depth limit also
 * stops circular structures before they reach JSON.stringify.
 */
export function extractAttachments(value: unknown, attachments: BinaryData[], maxDepth: number, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isBinary(value)) {
    const placeholder: Placeholder = { _placeholder: true, num: attachments.length };
    attachments.push(value);
    return placeholder;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const replaced = extractAttachments(item, attachments, maxDepth, depth + 1);
      if (replaced !== item && !copy) copy = value.slice(0, i);
      if (copy) copy.push(replaced);
    }
    return copy ?? value;
  }
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  const keys = Object.keys(source);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const item = source[key];
    const replaced = extractAttachments(item, attachments, maxDepth, depth + 1);
    if (replaced !== item && !copy) {
      copy = {};
      for (let j = 0; j < k; j++) setOwn(copy, keys[j] as string, source[keys[j] as string]);
    }
    if (copy) setOwn(copy, key, replaced);
  }
  return copy ?? value;
}

function isPlaceholder(value: object): value is { _placeholder: true; num: unknown } {
  return (value as { _placeholder?: unknown })._placeholder === true;
}

/**
 * Puts received attachments back where their placeholders stand, in place (the payload was just
 * parsed, nobody else holds it). Depth was bounded before parsing, so the recursion is too.
 */
export function restoreAttachments(value: unknown, attachments: readonly BinaryData[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isPlaceholder(value)) {
    const num = value.num;
    if (typeof num !== 'number' || !Number.isInteger(num) || num < 0 || num >= attachments.length) {
      throw new ProtocolError(
        'INVALID_PLACEHOLDER',
        `placeholder num is not an integer in [0, ${attachments.length})`,
      );
    }
    return attachments[num];
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreAttachments(value[i], attachments);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) setOwn(record, key, restoreAttachments(record[key], attachments));
  return value;
}
