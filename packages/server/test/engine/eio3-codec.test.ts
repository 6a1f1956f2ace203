// The Engine.IO 3 codec: the payload and frame formats Socket.IO 2 clients speak, and typed
// errors for bodies that break them.
import { expect } from 'chai';
import fc from 'fast-check';
import { ProtocolError, type EnginePacket } from '@rtio/protocol';
import { decodeEio3Frame, decodeEio3Payload, encodeEio3Frame, encodeEio3Payload } from '../../src/engine/eio3-codec.js';

const PACKETS: EnginePacket[] = [
  { type: 'open', data: '{"sid":"x"}' },
  { type: 'message', data: '2["héllo"]' },
  { type: 'message', data: Buffer.from([1, 2, 255]) },
  { type: 'pong' },
];

describe('engine: the Engine.IO 3 codec (allowEIO3)', () => {
  it('writes text payloads as <length>:<packet>, binary as b4<base64>', () => {
    const { body, contentType } = encodeEio3Payload(PACKETS, false);
    expect(contentType).to.equal('text/plain; charset=UTF-8');
    expect(body.toString('utf8')).to.equal('12:0{"sid":"x"}11:42["héllo"]6:b4AQL/1:3');
    expect(decodeEio3Payload(body, false)).to.deep.equal(PACKETS);
  });

  it('writes binary payloads as <0|1><length digits><255><bytes> when the client takes binary', () => {
    const { body, contentType } = encodeEio3Payload(PACKETS.slice(1, 3), true);
    expect(contentType).to.equal('application/octet-stream');
    const text = Buffer.from('42["héllo"]', 'utf8');
    expect([...body]).to.deep.equal([0, 1, 2, 255, ...text, 1, 4, 255, 4, 1, 2, 255]);
    expect(decodeEio3Payload(body, true)).to.deep.equal(PACKETS.slice(1, 3));
    // Without binary packets the text form is used even then.
    expect(encodeEio3Payload([PACKETS[3] as EnginePacket], true).body.toString()).to.equal('1:3');
  });

  it('frames binary WebSocket messages with their type byte', () => {
    expect([...(encodeEio3Frame({ type: 'message', data: Buffer.from([7]) }) as Buffer)]).to.deep.equal([4, 7]);
    expect(encodeEio3Frame({ type: 'message', data: 'hi' })).to.equal('4hi');
    expect(decodeEio3Frame(Buffer.from([4, 7]), true)).to.deep.equal({ type: 'message', data: Buffer.from([7]) });
    expect(decodeEio3Frame(Buffer.from('2probe'), false)).to.deep.equal({ type: 'ping', data: 'probe' });
  });

  it('round-trips any packets, and throws nothing but ProtocolError on any bytes', () => {
    const packet = fc.oneof(
      fc.record({ type: fc.constantFrom('message' as const), data: fc.string() }),
      fc.record({ type: fc.constantFrom('message' as const), data: fc.uint8Array().map((bytes) => Buffer.from(bytes)) }),
    );
    fc.assert(
      fc.property(fc.array(packet, { minLength: 1, maxLength: 5 }), fc.boolean(), (packets, binary) => {
        const { body, contentType } = encodeEio3Payload(packets, binary);
        expect(decodeEio3Payload(body, contentType === 'application/octet-stream')).to.deep.equal(packets);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, binary) => {
        try {
          decodeEio3Payload(Buffer.from(bytes), binary);
          decodeEio3Frame(Buffer.from(bytes), binary);
        } catch (error) {
          expect(error).to.be.instanceOf(ProtocolError);
        }
      }),
    );
  });
});
