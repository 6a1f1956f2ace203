// Binary attachments: replacing binaries by placeholders on the way out, and back on the way in.
import { ProtocolError, VERBOSE } from '../errors.js';
import { isObject } from './json-guard.js';
import { tooDeep } from './limits.js';

/** Anything sent as a binary attachment: Buffer, ArrayBuffer, typed arrays, DataView, Blob. */
export type BinaryData = ArrayBuffer | ArrayBufferView | Blob;

const hasBlob = typeof Blob === 'function';

export function isBinary(value: unknown): value is BinaryData {
  return (
    value instanceof ArrayBuffer || ArrayBuffer.isView(value) || (hasBlob && value instanceof Blob)
  );
}

/**
 * Walks a payload, replacing each binary by a placeholder and appending it to `attachments`.
 * Copy-on-write: a subtree without binaries is returned as is, so binary-free payloads allocate
 * nothing. Objects with a toJSON method (Date…) are left to JSON.stringify. The depth limit also
 * stops circular structures before they reach JSON.stringify.
 */
export function extractAttachments(value: unknown, attachments: BinaryData[], maxDepth: number, depth = 0): unknown {
  if (!isObject(value)) return value;
  if (isBinary(value)) return { _placeholder: true, num: attachments.push(value) - 1 };
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const replaced = extractAttachments(item, attachments, maxDepth, depth + 1);
      if (replaced !== item) (copy ??= value.slice())[i] = replaced;
    }
    return copy ?? value;
  }
  // The spread copies own keys as data, so a key named __proto__ stays data when set below.
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const item = source[key];
    const replaced = extractAttachments(item, attachments, maxDepth, depth + 1);
    if (replaced !== item) (copy ??= { ...source })[key] = replaced;
  }
  return copy ?? value;
}

/**
 * Puts received attachments back where their placeholders stand, in place (the payload was just
 * parsed, nobody else holds it; a __proto__ key is an own data property there, and was rejected
 * anyway). Its depth was bounded before parsing, so the recursion is too.
 */
export function restoreAttachments(value: unknown, attachments: readonly BinaryData[]): unknown {
  if (!isObject(value)) return value;
  const record = value as Record<string, unknown>;
  if (record._placeholder === true) {
    const num = record.num;
    // Must index an attachment: an integer in [0, attachments.length).
    if (!(Number.isInteger(num) && (num as number) in attachments)) {
      throw new ProtocolError('INVALID_PLACEHOLDER', VERBOSE && `placeholder num is not an integer in [0, ${attachments.length})`);
    }
    return attachments[num as number];
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreAttachments(value[i], attachments);
  } else {
    for (const key of Object.keys(record)) record[key] = restoreAttachments(record[key], attachments);
  }
  return value;
}
