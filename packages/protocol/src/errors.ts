// The one error contract of rtio's wire layer: every malformed input becomes a ProtocolError.

/** Stable codes for everything the decoders and encoders reject. Documented in docs/errors.md. */
export type ProtocolErrorCode =
  | 'ENGINE_PACKET_INVALID'
  | 'ENGINE_PAYLOAD_INVALID'
  | 'UNKNOWN_PACKET_TYPE'
  | 'INVALID_NAMESPACE'
  | 'INVALID_ACK_ID'
  | 'INVALID_JSON'
  | 'INVALID_PAYLOAD'
  | 'RESERVED_EVENT_NAME'
  | 'INVALID_ATTACHMENT_COUNT'
  | 'TOO_MANY_ATTACHMENTS'
  | 'INVALID_PLACEHOLDER'
  | 'UNEXPECTED_BINARY'
  | 'UNEXPECTED_TEXT'
  | 'NESTING_TOO_DEEP'
  | 'FORBIDDEN_KEY';

/**
 * Whether ProtocolErrors carry a sentence. The minified browser bundle is built with
 * `globalThis.RTIO_TERSE_ERRORS` defined as true: there a ProtocolError's message is its code alone
 * (each code is explained in docs/errors.md), which keeps ~400 bytes of sentences out of every page.
 * Write messages as `VERBOSE && '…'` so the bundler can drop them.
 */
export const VERBOSE: boolean = !(globalThis as { RTIO_TERSE_ERRORS?: boolean }).RTIO_TERSE_ERRORS;

/**
 * Raised for any input that does not follow the Engine.IO 4 / Socket.IO 5 wire protocol.
 * Code is stable and machine-readable; message says what exactly was wrong.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string | false = false) {
    super(message || code);
    this.code = code;
  }
}

export function isProtocolError(value: unknown): value is ProtocolError {
  return value instanceof ProtocolError;
}
