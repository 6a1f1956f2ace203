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
 * Raised for any input that does not follow the Engine.IO 4 / Socket.IO 5 wire protocol.
 * Code is stable and machine-readable; message says what exactly was wrong.
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isProtocolError(value: unknown): value is ProtocolError {
  return value instanceof ProtocolError;
}
