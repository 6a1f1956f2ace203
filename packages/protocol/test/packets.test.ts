import { expect } from 'chai';
import { PacketDecoder, PacketEncoder, PacketType, encodePacket, type Packet } from '../src/index.js';
import { expectProtocolError } from './expect-protocol-error.js';

/** Encodes, then feeds the text and each attachment to a fresh decoder. */
function roundTrip(packet: Packet): Packet | null {
  const [text, ...attachments] = encodePacket(packet);
  const decoder = new PacketDecoder();
  let result = decoder.add(text);
  for (const attachment of attachments) {
    expect(result).to.equal(null);
    result = decoder.add(attachment);
  }
  return result;
}

describe('Socket.IO packets: every type both ways', () => {
  const cases: Array<[string, Packet, string]> = [
    ['CONNECT to /', { type: PacketType.CONNECT, nsp: '/' }, '0'],
    ['CONNECT with auth', { type: PacketType.CONNECT, nsp: '/admin', data: { token: '123' } }, '0/admin,{"token":"123"}'],
    ['CONNECT reply', { type: PacketType.CONNECT, nsp: '/', data: { sid: 'wZX3oN0bSVIhsaknAAAI' } }, '0{"sid":"wZX3oN0bSVIhsaknAAAI"}'],
    ['DISCONNECT', { type: PacketType.DISCONNECT, nsp: '/admin' }, '1/admin,'],
    ['EVENT', { type: PacketType.EVENT, nsp: '/', data: ['hey', 'Jude'] }, '2["hey","Jude"]'],
    ['EVENT with ack id', { type: PacketType.EVENT, nsp: '/', id: 1, data: ['tellme'] }, '21["tellme"]'],
    ['EVENT in a namespace with ack', { type: PacketType.EVENT, nsp: '/admin', id: 456, data: ['x', { a: [1, null] }] }, '2/admin,456["x",{"a":[1,null]}]'],
    ['ACK', { type: PacketType.ACK, nsp: '/admin', id: 13, data: ['bar'] }, '3/admin,13["bar"]'],
    ['empty ACK', { type: PacketType.ACK, nsp: '/', id: 0, data: [] }, '30[]'],
    ['CONNECT_ERROR', { type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'Not authorized' } }, '4{"message":"Not authorized"}'],
    ['CONNECT_ERROR with data', { type: PacketType.CONNECT_ERROR, nsp: '/x', data: { message: 'no', data: { why: 1 } } }, '4/x,{"message":"no","data":{"why":1}}'],
  ];
  for (const [name, packet, wire] of cases) {
    it(`encodes and decodes ${name}`, () => {
      expect(encodePacket(packet)).to.deep.equal([wire]);
      expect(new PacketDecoder().add(wire)).to.deep.equal(packet);
    });
  }

  it('decodes a CONNECT_ERROR sent as a plain string', () => {
    expect(new PacketDecoder().add('4"oops"')).to.deep.equal({ type: PacketType.CONNECT_ERROR, nsp: '/', data: 'oops' });
  });

  it('decodes a namespace without its trailing comma', () => {
    expect(new PacketDecoder().add('1/admin')).to.deep.equal({ type: PacketType.DISCONNECT, nsp: '/admin' });
  });

  it('turns an EVENT with binaries into BINARY_EVENT with placeholders', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const encoded = encodePacket({ type: PacketType.EVENT, nsp: '/', data: ['baz', bytes] });
    expect(encoded).to.deep.equal(['51-["baz",{"_placeholder":true,"num":0}]', bytes]);
  });

  it('turns an ACK with binaries into BINARY_ACK', () => {
    const buffer = new ArrayBuffer(2);
    const encoded = encodePacket({ type: PacketType.ACK, nsp: '/b', id: 7, data: [{ file: buffer }] });
    expect(encoded).to.deep.equal(['61-/b,7[{"file":{"_placeholder":true,"num":0}}]', buffer]);
  });

  it('round-trips binaries of every kind, anywhere in the arguments', () => {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, 0xdeadbeef);
    const data: [string, ...unknown[]] = ['files', Buffer.from('buf'), { deep: [new Float64Array([1.5]), { view }] }, new ArrayBuffer(3)];
    const decoded = roundTrip({ type: PacketType.EVENT, nsp: '/up', id: 3, data });
    expect(decoded).to.deep.equal({ type: PacketType.BINARY_EVENT, nsp: '/up', id: 3, data });
  });

  it('sends a Blob as an attachment', () => {
    const blob = new Blob(['hello']);
    expect(encodePacket({ type: PacketType.EVENT, nsp: '/', data: ['blob', blob] })).to.deep.equal([
      '51-["blob",{"_placeholder":true,"num":0}]',
      blob,
    ]);
  });

  it('leaves the caller’s arguments untouched when it replaces binaries', () => {
    const payload = { name: 'a', bytes: new Uint8Array([9]) };
    encodePacket({ type: PacketType.EVENT, nsp: '/', data: ['e', payload] });
    expect(payload.bytes).to.be.instanceOf(Uint8Array);
  });

  it('decodes a BINARY_EVENT once every attachment has arrived', () => {
    const decoder = new PacketDecoder();
    expect(decoder.add('52-["two",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}]')).to.equal(null);
    expect(decoder.awaitingAttachments).to.equal(2);
    const first = Buffer.from([1]);
    const second = Buffer.from([2]);
    expect(decoder.add(first)).to.equal(null);
    expect(decoder.add(second)).to.deep.equal({ type: PacketType.BINARY_EVENT, nsp: '/', data: ['two', second, first] });
  });

  it('decodes a BINARY_ACK', () => {
    const decoder = new PacketDecoder();
    expect(decoder.add('61-/x,4[{"_placeholder":true,"num":0}]')).to.equal(null);
    const bytes = new ArrayBuffer(1);
    expect(decoder.add(bytes)).to.deep.equal({ type: PacketType.BINARY_ACK, nsp: '/x', id: 4, data: [bytes] });
  });

  it('serialises Dates and objects with toJSON as JSON does', () => {
    const date = new Date(0);
    expect(encodePacket({ type: PacketType.EVENT, nsp: '/', data: ['t', date] })).to.deep.equal(['2["t","1970-01-01T00:00:00.000Z"]']);
    const custom = { toJSON: () => 'custom', bytes: new Uint8Array(1) };
    expect(encodePacket({ type: PacketType.EVENT, nsp: '/', data: ['t', custom] })).to.deep.equal(['2["t","custom"]']);
  });

  describe('encoder misuse', () => {
    it('refuses a reserved event name', () => {
      expectProtocolError(() => encodePacket({ type: PacketType.EVENT, nsp: '/', data: ['disconnect'] }), 'RESERVED_EVENT_NAME');
    });
    it('refuses a namespace without a leading slash, or with a comma', () => {
      expectProtocolError(() => encodePacket({ type: PacketType.CONNECT, nsp: 'admin' }), 'INVALID_NAMESPACE');
      expectProtocolError(() => encodePacket({ type: PacketType.CONNECT, nsp: '/a,b' }), 'INVALID_NAMESPACE');
    });
    it('refuses a negative or fractional ack id', () => {
      expectProtocolError(() => encodePacket({ type: PacketType.EVENT, nsp: '/', id: -1, data: ['a'] }), 'INVALID_ACK_ID');
      expectProtocolError(() => encodePacket({ type: PacketType.ACK, nsp: '/', id: 1.5, data: [] }), 'INVALID_ACK_ID');
    });
    it('refuses more attachments than the limit', () => {
      const data: [string, ...unknown[]] = ['many', ...Array.from({ length: 11 }, () => new Uint8Array(1))];
      expectProtocolError(() => encodePacket({ type: PacketType.EVENT, nsp: '/', data }), 'TOO_MANY_ATTACHMENTS');
      expect(new PacketEncoder({ maxAttachments: 11 }).encode({ type: PacketType.EVENT, nsp: '/', data })).to.have.length(12);
    });
    it('refuses a circular payload with a typed error', () => {
      const loop: Record<string, unknown> = {};
      loop.self = loop;
      expectProtocolError(() => encodePacket({ type: PacketType.EVENT, nsp: '/', data: ['loop', loop] }), 'NESTING_TOO_DEEP');
    });
    it('refuses a payload nested deeper than the limit instead of overflowing the stack', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 100_000; i++) deep = [deep];
      expectProtocolError(() => encodePacket({ type: PacketType.EVENT, nsp: '/', data: ['deep', deep] }), 'NESTING_TOO_DEEP');
    });
    it('refuses an unknown packet type', () => {
      expectProtocolError(() => encodePacket({ type: 9, nsp: '/' } as unknown as Packet), 'UNKNOWN_PACKET_TYPE');
    });
  });
});
