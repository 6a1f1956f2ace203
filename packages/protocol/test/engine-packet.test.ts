import { expect } from 'chai';
import {
  PAYLOAD_SEPARATOR,
  decodeEnginePacket,
  decodeEnginePayload,
  encodeEnginePacket,
  encodeEnginePayload,
  type EnginePacket,
} from '../src/index.js';
import { expectProtocolError } from './expect-protocol-error.js';

function encodeSync(packet: EnginePacket, supportsBinary: boolean): unknown {
  let out: unknown;
  encodeEnginePacket(packet, supportsBinary, (encoded) => (out = encoded));
  return out;
}

describe('Engine.IO packets and payloads', () => {
  const textPackets: Array<[EnginePacket, string]> = [
    [{ type: 'open', data: '{"sid":"x"}' }, '0{"sid":"x"}'],
    [{ type: 'close' }, '1'],
    [{ type: 'ping' }, '2'],
    [{ type: 'pong', data: 'probe' }, '3probe'],
    [{ type: 'message', data: '2["hi"]' }, '42["hi"]'],
    [{ type: 'upgrade' }, '5'],
    [{ type: 'noop' }, '6'],
  ];
  for (const [packet, wire] of textPackets) {
    it(`encodes and decodes ${packet.type}`, () => {
      expect(encodeSync(packet, true)).to.equal(wire);
      expect(decodeEnginePacket(wire, 'nodebuffer')).to.deep.equal(packet);
    });
  }

  it('sends binary as is over WebSocket and as b+base64 over polling', () => {
    const bytes = Buffer.from([1, 2, 3, 4]);
    expect(encodeSync({ type: 'message', data: bytes }, true)).to.equal(bytes);
    expect(encodeSync({ type: 'message', data: bytes }, false)).to.equal('bAQIDBA==');
    expect(decodeEnginePacket('bAQIDBA==', 'nodebuffer')).to.deep.equal({ type: 'message', data: bytes });
    const decoded = decodeEnginePacket('bAQIDBA==', 'arraybuffer').data;
    expect(decoded).to.be.instanceOf(ArrayBuffer);
    expect([...new Uint8Array(decoded as ArrayBuffer)]).to.deep.equal([1, 2, 3, 4]);
  });

  it('joins and splits polling payloads with the record separator', () => {
    let payload = '';
    encodeEnginePayload([{ type: 'message', data: 'hello' }, { type: 'ping' }, { type: 'message', data: Buffer.from([1]) }], (p) => (payload = p));
    expect(payload).to.equal(['4hello', '2', 'bAQ=='].join(PAYLOAD_SEPARATOR));
    expect(decodeEnginePayload(payload, 'nodebuffer')).to.deep.equal([
      { type: 'message', data: 'hello' },
      { type: 'ping' },
      { type: 'message', data: Buffer.from([1]) },
    ]);
  });

  it('rejects an unknown Engine.IO packet type', () => {
    expectProtocolError(() => decodeEnginePacket('9hello', 'nodebuffer'), 'ENGINE_PACKET_INVALID', /unknown Engine.IO packet type "9"/);
  });

  it('rejects an empty Engine.IO packet', () => {
    expectProtocolError(() => decodeEnginePacket('', 'nodebuffer'), 'ENGINE_PACKET_INVALID', /empty/);
  });

  it('rejects a payload with one bad record, saying which', () => {
    expectProtocolError(() => decodeEnginePayload(`4a${PAYLOAD_SEPARATOR}x${PAYLOAD_SEPARATOR}2`, 'nodebuffer'), 'ENGINE_PAYLOAD_INVALID', /record 1/);
  });

  it('rejects an empty payload and an empty record', () => {
    expectProtocolError(() => decodeEnginePayload('', 'nodebuffer'), 'ENGINE_PAYLOAD_INVALID', /empty/);
    expectProtocolError(() => decodeEnginePayload(`2${PAYLOAD_SEPARATOR}`, 'nodebuffer'), 'ENGINE_PAYLOAD_INVALID', /record 1/);
  });
});
