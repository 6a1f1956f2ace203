// Limits that bound what one packet may cost, with their safe defaults and the errors for exceeding them.
import { ProtocolError, VERBOSE } from '../errors.js';

export interface PacketLimits {
  /** Most binary attachments one packet may announce (socket.io-parser's default is 10). */
  maxAttachments: number;
  /** Deepest nesting of arrays and objects in a payload; the outer argument array is level 1. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Readonly<PacketLimits> = { maxAttachments: 10, maxDepth: 64 };

export function resolveLimits(options: Partial<PacketLimits>): PacketLimits {
  const limits = { ...DEFAULT_LIMITS, ...options };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new TypeError(VERBOSE ? `${name} must be a non-negative integer, got ${String(value)}` : name);
    }
  }
  return limits;
}

/** Shared by the encoder and the decoder, so both sides word it alike. */
export function tooManyAttachments(limits: PacketLimits): ProtocolError {
  return new ProtocolError('TOO_MANY_ATTACHMENTS', VERBOSE && `too many attachments; the limit is ${limits.maxAttachments}`);
}

export function tooDeep(maxDepth: number): ProtocolError {
  return new ProtocolError('NESTING_TOO_DEEP', VERBOSE && `payload is nested deeper than ${maxDepth} levels`);
}
