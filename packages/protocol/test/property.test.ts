// Property tests: round trips over arbitrary payloads, and total decoders on arbitrary input.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  PacketDecoder,
  PacketEncoder,
  PacketType,
  ProtocolError,
  RESERVED_EVENTS,
  decodeEnginePacket,
  decodeEnginePayload,
  type Packet,
} from '../src/index.js';
import { expectProtocolError } from './expect-protocol-error.js';

const limits = { maxAttachments: 1000, maxDepth: 64 };
const safeKey = fc.string({ maxLength: 8 }).filter((k) => !['__proto__', 'constructor', '_placeholder'].includes(k));
const leaf = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
  fc.uint8Array({ maxLength: 32 }).map((a) => Buffer.from(a)),
);
const { value: payloadValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 5, depthIdentifier: 'payload' },
    leaf,
    fc.array(tie('value'), { maxLength: 4, depthIdentifier: 'payload' }),
    fc.dictionary(safeKey, tie('value'), { maxKeys: 4, depthIdentifier: 'payload' }),
  ),
}));
const eventName = fc.string({ maxLength: 10 }).filter((name) => !RESERVED_EVENTS.has(name));
const namespace = fc.oneof(fc.constant('/'), fc.stringMatching(/^\/[a-z0-9/_-]{1,10}$/));
const ackId = fc.option(fc.maxSafeNat(), { nil: undefined });

const eventPacket: fc.Arbitrary<Packet> = fc
  .record({ nsp: namespace, id: ackId, name: eventName, args: fc.array(payloadValue, { maxLength: 4 }) })
  .map(({ nsp, id, name, args }) => {
    const packet: Packet = { type: PacketType.EVENT, nsp, data: [name, ...args] };
    return id === undefined ? packet : { ...packet, id };
  });
const ackPacket: fc.Arbitrary<Packet> = fc
  .record({ nsp: namespace, id: fc.maxSafeNat(), args: fc.array(payloadValue, { maxLength: 4 }) })
  .map(({ nsp, id, args }) => ({ type: PacketType.ACK, nsp, id, data: args }));

/** What the peer receives: each attachment as a fresh copy, as a transport would deliver it. */
function transmit(packet: Packet): Packet | null {
  const [text, ...attachments] = new PacketEncoder(limits).encode(packet);
  const decoder = new PacketDecoder(limits);
  let result = decoder.add(text);
  for (const attachment of attachments) result = decoder.add(Buffer.from(attachment as Uint8Array));
  return result;
}

function withoutBinaryType(packet: Packet | null): unknown {
  if (!packet) return packet;
  const type = packet.type === PacketType.BINARY_EVENT ? PacketType.EVENT : packet.type === PacketType.BINARY_ACK ? PacketType.ACK : packet.type;
  return { ...packet, type };
}

function onlyProtocolErrors(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
  }
}

const protocolish = fc
  .tuple(
    fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '51-', '52-', '60-', '5-1-', '5x-', ''),
    fc.constantFrom('', '/', '/admin,', '/admin', 'admin,', ','),
    fc.constantFrom('', '0', '12', '9007199254740992', '1.5', '-1'),
    fc.oneof(fc.json({ maxDepth: 4 }), fc.string(), fc.constantFrom('[{"_placeholder":true,"num":0}]', '["a",{"_placeholder":true,"num":9}]')),
  )
  .map((parts) => parts.join(''));

describe('properties', () => {
  it('EVENT packets with arbitrary payloads and binaries survive encode → decode', () => {
    fc.assert(
      fc.property(eventPacket, (packet) => {
        expect(withoutBinaryType(transmit(packet))).to.deep.equal(packet);
      }),
      { numRuns: 300 },
    );
  });

  it('ACK packets with arbitrary payloads and binaries survive encode → decode', () => {
    fc.assert(
      fc.property(ackPacket, (packet) => {
        expect(withoutBinaryType(transmit(packet))).to.deep.equal(packet);
      }),
      { numRuns: 300 },
    );
  });

  it('the decoder throws nothing but ProtocolError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), protocolish), (text) => {
        onlyProtocolErrors(() => new PacketDecoder().add(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('the decoder throws nothing but ProtocolError on arbitrary sequences of strings and bytes', () => {
    const chunk = fc.oneof(protocolish, fc.string(), fc.uint8Array({ maxLength: 16 }));
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 8 }), (chunks) => {
        const decoder = new PacketDecoder();
        for (const c of chunks) onlyProtocolErrors(() => decoder.add(c));
      }),
      { numRuns: 1000 },
    );
  });

  it('decoded payloads never carry a __proto__ key and never touch Object.prototype', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), fc.json({ maxDepth: 2 }), (inner, value) => {
        const text = `2["e",{"x":${inner},"__proto__":${value}}]`;
        expectProtocolError(() => new PacketDecoder().add(text), 'FORBIDDEN_KEY');
        expect(Object.keys(Object.prototype)).to.deep.equal([]);
      }),
      { numRuns: 300 },
    );
  });

  it('Engine.IO decoders throw nothing but ProtocolError on arbitrary strings and bytes', () => {
    const input = fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 32 }).map((a) => Buffer.from(a)));
    fc.assert(
      fc.property(input, (raw) => {
        onlyProtocolErrors(() => decodeEnginePacket(raw, 'nodebuffer'));
        if (typeof raw === 'string') onlyProtocolErrors(() => decodeEnginePayload(raw, 'arraybuffer'));
      }),
      { numRuns: 2000 },
    );
  });
});
