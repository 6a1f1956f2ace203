// The cluster's message codec: what one node encodes another decodes, and nothing malformed
// (another program on the channel, random bytes) is ever thrown into the event loop.
import { encode } from '@msgpack/msgpack';
import { expect } from 'chai';
import fc from 'fast-check';
import { PacketType } from '@rtio/protocol';
import { MessageType, decodeMessage, encodeMessage, fromWire, toWire } from '../src/messages.js';

describe('redis adapter messages', () => {
  it('round-trips a broadcast with binary data, its rooms and flags; `local` never crosses', () => {
    const options = { rooms: new Set(['red']), except: new Set(['banned']), flags: { volatile: true, local: true, compress: false } };
    const bytes = encodeMessage({
      t: MessageType.BROADCAST,
      uid: 'node-1',
      packet: { type: PacketType.EVENT, nsp: '/chat', data: ['news', { text: 'hi', image: Buffer.from([1, 2, 3]) }] },
      opts: toWire(options),
    });
    const message = decodeMessage(bytes);
    expect(message?.t).to.equal(MessageType.BROADCAST);
    expect(message?.packet?.nsp).to.equal('/chat');
    const data = (message?.packet as { data: unknown[] }).data as [string, { text: string; image: Uint8Array }];
    expect(Buffer.from(data[1].image)).to.deep.equal(Buffer.from([1, 2, 3]));
    const back = fromWire(message!.opts!);
    expect([...back.rooms, ...back.except]).to.deep.equal(['red', 'banned']);
    expect(back.flags).to.deep.equal({ volatile: true, compress: false });
  });

  it('drops malformed messages: not MessagePack, wrong field types, no sender', () => {
    expect(decodeMessage(Buffer.from('not msgpack at all {'))).to.equal(undefined);
    const bad = [
      null,
      42,
      { t: 'broadcast', uid: 'x' },
      { t: MessageType.BROADCAST },
      { t: MessageType.BROADCAST, uid: 'x', packet: { type: '2', nsp: '/' } },
      { t: MessageType.BROADCAST, uid: 'x', opts: { rooms: [1], except: [], flags: {} } },
      { t: MessageType.ADD_SOCKETS, uid: 'x', rooms: 'red' },
      { t: MessageType.RESPONSE, uid: 'x', rid: '1' },
      { t: MessageType.SERVER_SIDE_EMIT, uid: 'x', args: 'hello' },
    ];
    for (const value of bad) expect(decodeMessage(Buffer.from(encode(value))), JSON.stringify(value)).to.equal(undefined);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        decodeMessage(Buffer.from(bytes));
      }),
      { numRuns: 2000 },
    );
  });
});
