// @rtio/protocol: the wire layer shared by the rtio server and client. Pure: no I/O, no Node APIs.
export { ProtocolError, VERBOSE, isProtocolError, type ProtocolErrorCode } from './errors.js';
export { systemClock, nativeClock, ManualClock, type Clock, type TimerHandle } from './clock.js';
export { NodeEmitter } from './node-emitter.js';
export { Emitter, type EventsMap, type NoEvents, type EventNames, type EventParams, type AllEventNames, type ListenerFor } from './emitter.js';
export type { WithErrorAck, ParamsWithoutAck, AckResult } from './event-types.js';
export { AckRegistry, AckTimeoutError, type AckHandler } from './ack-registry.js';
export {
  ENGINE_PROTOCOL,
  PAYLOAD_SEPARATOR,
  decodeEnginePacket,
  decodeEnginePayload,
  encodeEnginePacket,
  encodeEnginePayload,
  type EnginePacket,
  type EnginePacketType,
  type EngineBinaryType,
  type HandshakeData,
} from './engine/engine-packet.js';
export {
  SOCKET_PROTOCOL,
  PacketType,
  RESERVED_EVENTS,
  MAX_ACK_ID,
  type Packet,
  type ConnectPacket,
  type DisconnectPacket,
  type EventPacket,
  type AckPacket,
  type ConnectErrorPacket,
  type ConnectErrorData,
} from './socket/packet.js';
export { DEFAULT_LIMITS, type PacketLimits } from './socket/limits.js';
export { isBinary, type BinaryData } from './socket/binary.js';
export { PacketEncoder, encodePacket, serializePacket, checkEncodable, type EncodedPacket } from './socket/encoder.js';
export { PacketDecoder } from './socket/decoder.js';
