// The official socket.io-parser as an oracle: rtio's encodings must be byte-identical.
import { expect } from 'chai';
import { Encoder, Decoder } from 'socket.io-parser';
import { PacketDecoder, ProtocolError, encodePacket, type Packet } from '../src/index.js';

const bytes = (...values: number[]) => Buffer.from(values);

const packets: Packet[] = [
  { type: 0, nsp: '/' },
  { type: 0, nsp: '/admin' },
  { type: 0, nsp: '/', data: { token: 'abc', n: 1 } },
  { type: 0, nsp: '/admin', data: { sid: 'lv_VI97HAXpY6yYWAAAC' } },
  { type: 1, nsp: '/' },
  { type: 1, nsp: '/chat' },
  { type: 2, nsp: '/', data: ['hello'] },
  { type: 2, nsp: '/', data: ['message', 'hi', 42, true, null, { nested: { deep: [1, 2, 3] } }] },
  { type: 2, nsp: '/', id: 0, data: ['with-ack'] },
  { type: 2, nsp: '/admin', id: 9007199254740991, data: ['max-id', 'é ü 日本 😀'] },
  { type: 2, nsp: '/a/b', data: ['quote"s', 'back\\slash', '\u0000\u001f\u2028'] },
  { type: 2, nsp: '/', data: ['floats', 1.5, -0.25, 1e21, 5e-324] },
  { type: 3, nsp: '/', id: 1, data: [] },
  { type: 3, nsp: '/admin', id: 77, data: ['ok', { status: 200 }] },
  { type: 4, nsp: '/', data: { message: 'Not authorized' } },
  { type: 4, nsp: '/private', data: { message: 'Forbidden', data: { reason: 'token expired', retry: false } } },
  { type: 2, nsp: '/', data: ['bin', bytes(1, 2, 3)] },
  { type: 2, nsp: '/files', id: 5, data: ['upload', { name: 'a.png', content: bytes(137, 80, 78, 71) }] },
  { type: 2, nsp: '/', data: ['many', bytes(1), [bytes(2), { x: bytes(3) }], new Uint8Array([4]).buffer] },
  { type: 2, nsp: '/', data: ['typed', new Uint16Array([1, 2]), new Float32Array([0.5])] },
  { type: 3, nsp: '/', id: 12, data: [bytes(255, 0, 128)] },
  { type: 3, nsp: '/admin', id: 3, data: [{ ok: true, blob: bytes(), list: [bytes(1, 1)] }] },
  { type: 2, nsp: '/', data: ['empty-buffer', Buffer.alloc(0)] },
  { type: 2, nsp: '/', data: ['dates', new Date(86_400_000)] },
];

function oracleEncode(packet: Packet): unknown[] {
  return new Encoder().encode(packet as Parameters<Encoder['encode']>[0]) as unknown[];
}

function oracleDecode(parts: readonly unknown[]): unknown {
  const decoder = new Decoder();
  let decoded: unknown;
  decoder.on('decoded', (packet: unknown) => (decoded = packet));
  for (const part of parts) decoder.add(part as string);
  return decoded;
}

describe('byte-identical to socket.io-parser', () => {
  it(`covers at least 20 packets, binary ones included (${packets.length})`, () => {
    expect(packets.length).to.be.at.least(20);
    const binary = packets.filter((p) => encodePacket(p).length > 1);
    expect(binary.length).to.be.at.least(5);
  });

  packets.forEach((packet, index) => {
    it(`packet ${index}: ${JSON.stringify(encodePacket(packet)[0]).slice(0, 70)}`, () => {
      const ours = encodePacket(packet);
      const theirs = oracleEncode(packet);
      expect(ours[0]).to.equal(theirs[0]);
      expect(ours.length).to.equal(theirs.length);
      for (let i = 1; i < ours.length; i++) {
        expect(Buffer.from(ours[i] as Uint8Array)).to.deep.equal(Buffer.from(theirs[i] as Uint8Array));
      }
    });

    it(`packet ${index}: socket.io-parser decodes ours, we decode theirs`, () => {
      const ours = encodePacket(packet);
      const theirDecoding = oracleDecode(ours);
      const ourDecoding = new PacketDecoder();
      let decoded: unknown = null;
      for (const part of oracleEncode(packet)) decoded = ourDecoding.add(part as string);
      // socket.io-parser reports a reassembled BINARY_EVENT/ACK as EVENT/ACK; rtio keeps the binary type.
      const plainType = (type: number) => (type === 5 ? 2 : type === 6 ? 3 : type);
      expect(plainType((decoded as Packet).type)).to.equal(plainType((theirDecoding as Packet).type));
      expect((decoded as Packet).nsp).to.equal(packet.nsp);
      expect(JSON.stringify((decoded as { data?: unknown }).data)).to.equal(JSON.stringify((theirDecoding as { data?: unknown }).data));
    });
  });
});

describe('rejects what socket.io-parser rejects', () => {
  // A binary type announces at least one attachment (socket.io-parser 4.2: "Illegal attachments").
  for (const text of ['50-["a"]', '60-1[]', '5000-["a"]', '5-["a"]']) {
    it(`a binary packet announcing no attachment: ${text}`, () => {
      expect(() => new Decoder().add(text)).to.throw(/Illegal attachments/);
      expect(() => new PacketDecoder().add(text)).to.throw(ProtocolError, /attachment count/);
    });
  }
});
