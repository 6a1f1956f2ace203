// The payload rules the encoder and the decoder both apply, so both sides word them alike.
import { ProtocolError, VERBOSE } from '../errors.js';
import { RESERVED_EVENTS, isAckType, isEventType } from './packet.js';

/**
 * The rules the encoder and the decoder both apply: an EVENT's data starts with an event name the
 * protocol does not keep for itself; an ACK answers an id with an array. Returns false, checking
 * nothing, for the other types.
 */
export function checkEventOrAck(type: number, id: number | undefined, data: unknown): boolean {
  if (isEventType(type)) {
    if (!Array.isArray(data) || typeof data[0] !== 'string') {
      throw new ProtocolError('INVALID_PAYLOAD', VERBOSE && 'EVENT payload must be a non-empty array starting with the event name');
    }
    if (RESERVED_EVENTS.has(data[0])) {
      throw new ProtocolError('RESERVED_EVENT_NAME', VERBOSE && `"${data[0]}" is a reserved event name`);
    }
    return true;
  }
  if (!isAckType(type)) return false;
  if (!Array.isArray(data)) throw new ProtocolError('INVALID_PAYLOAD', VERBOSE && 'ACK payload must be an array');
  if (id === undefined) throw new ProtocolError('INVALID_ACK_ID', VERBOSE && 'an ACK packet needs the id it answers');
  return true;
}
