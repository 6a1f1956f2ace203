import { expect } from 'chai';
import { PacketDecoder, PacketType, RESERVED_EVENTS } from '../src/index.js';
import { expectProtocolError } from './expect-protocol-error.js';

function decodeText(text: string, decoder = new PacketDecoder()) {
  return decoder.add(text);
}

describe('PacketDecoder rejects malformed input', () => {
  describe('packet type', () => {
    for (const text of ['7', '9["a"]', 'x', '-1', ' 2["a"]']) {
      it(`rejects unknown type in ${JSON.stringify(text)}`, () => {
        expectProtocolError(() => decodeText(text), 'UNKNOWN_PACKET_TYPE', /unknown packet type/);
      });
    }
    it('rejects an empty packet', () => {
      expectProtocolError(() => decodeText(''), 'UNKNOWN_PACKET_TYPE', /empty/);
    });
  });

  describe('namespace', () => {
    for (const text of ['0admin,', '2admin,["a"]', '0chat,{"token":1}']) {
      it(`rejects a namespace without a leading "/" in ${JSON.stringify(text)}`, () => {
        expectProtocolError(() => decodeText(text), 'INVALID_NAMESPACE', /must start with "\/"/);
      });
    }
  });

  describe('ack id', () => {
    for (const text of ['21.5["a"]', '21e3["a"]', '2/admin,7x["a"]', '312-3[]']) {
      it(`rejects an ack id that is not a decimal integer in ${JSON.stringify(text)}`, () => {
        expectProtocolError(() => decodeText(text), 'INVALID_ACK_ID', /not a decimal integer/);
      });
    }
    it('rejects an ack id above 2^53-1', () => {
      expectProtocolError(() => decodeText('29007199254740992["a"]'), 'INVALID_ACK_ID', /above 2\^53-1/);
    });
    it('rejects a 30-digit ack id without converting it', () => {
      expectProtocolError(() => decodeText(`3${'9'.repeat(30)}[]`), 'INVALID_ACK_ID', /above 2\^53-1/);
    });
    it('rejects an ack id of more than 16 digits even when zero-padded', () => {
      expectProtocolError(() => decodeText(`3${'0'.repeat(16)}1[]`), 'INVALID_ACK_ID', /above 2\^53-1/);
    });
    it('accepts the largest safe ack id', () => {
      const packet = decodeText('39007199254740991[]');
      expect(packet).to.deep.equal({ type: PacketType.ACK, nsp: '/', id: 9007199254740991, data: [] });
    });
    it('rejects an ACK without id', () => {
      expectProtocolError(() => decodeText('3["a"]'), 'INVALID_ACK_ID', /needs the id/);
    });
    it('rejects an id on a CONNECT packet', () => {
      expectProtocolError(() => decodeText('012{}'), 'INVALID_ACK_ID', /carries no ack id/);
    });
  });

  describe('JSON payload', () => {
    for (const text of ['2["a"', '2[a]', '2{"a":}', '2["a",]', '0{"x":1}}']) {
      it(`rejects a payload that is not JSON in ${JSON.stringify(text)}`, () => {
        expectProtocolError(() => decodeText(text), 'INVALID_JSON', /not valid JSON/);
      });
    }
    it('rejects garbage where a payload should start', () => {
      expectProtocolError(() => decodeText('2hello'), 'INVALID_JSON');
    });
    it('does not take a comma inside a string for a namespace', () => {
      expectProtocolError(() => decodeText('2hello"a,b"'), 'INVALID_JSON');
    });
  });

  describe('EVENT payload shape', () => {
    for (const text of ['2', '2[]', '2{}', '2[1,"a"]', '2"a"', '2[null]', '2[["a"]]']) {
      it(`rejects ${JSON.stringify(text)}`, () => {
        expectProtocolError(() => decodeText(text), 'INVALID_PAYLOAD', /non-empty array starting with the event name/);
      });
    }
    it('also checks BINARY_EVENT', () => {
      expectProtocolError(() => decodeText('51-[]'), 'INVALID_PAYLOAD');
    });
  });

  describe('payload shapes of the other packet types', () => {
    const cases: Array<[string, RegExp]> = [
      ['0[1]', /CONNECT payload must be a JSON object/],
      ['0"x"', /CONNECT payload must be a JSON object/],
      ['1{}', /DISCONNECT carries no payload/],
      ['31{}', /ACK payload must be an array/],
      ['4[1]', /CONNECT_ERROR payload/],
      ['4{"data":1}', /CONNECT_ERROR payload/],
    ];
    for (const [text, message] of cases) {
      it(`rejects ${JSON.stringify(text)}`, () => {
        expectProtocolError(() => decodeText(text), 'INVALID_PAYLOAD', message);
      });
    }
  });

  describe('reserved event names', () => {
    for (const name of RESERVED_EVENTS) {
      it(`rejects an EVENT named "${name}"`, () => {
        expectProtocolError(() => decodeText(`2["${name}",1]`), 'RESERVED_EVENT_NAME', new RegExp(name));
      });
    }
    it('lists exactly the six names of the protocol', () => {
      expect([...RESERVED_EVENTS].sort()).to.deep.equal(
        ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].sort(),
      );
    });
  });

  describe('attachment count', () => {
    for (const text of ['51.5-["a"]', '5-1-["a"]', '5a-["a"]', '5["a"]', '6-[]', '5 1-["a"]', '50-["a"]', '60-1[]', '5000-["a"]']) {
      it(`rejects a count that is not a positive integer in ${JSON.stringify(text)}`, () => {
        expectProtocolError(() => decodeText(text), 'INVALID_ATTACHMENT_COUNT');
      });
    }
    it('rejects a count above the default limit of 10', () => {
      expectProtocolError(() => decodeText('511-["a"]'), 'TOO_MANY_ATTACHMENTS', /limit is 10/);
    });
    it('rejects a huge count before allocating anything', () => {
      expectProtocolError(() => decodeText(`5${'9'.repeat(400)}-["a"]`), 'TOO_MANY_ATTACHMENTS');
    });
    it('rejects a count of more than 9 digits even when zero-padded', () => {
      expectProtocolError(() => decodeText(`5${'0'.repeat(9)}1-["a"]`), 'TOO_MANY_ATTACHMENTS');
    });
    it('honours a configured limit', () => {
      const decoder = new PacketDecoder({ maxAttachments: 2 });
      expectProtocolError(() => decoder.add('53-["a"]'), 'TOO_MANY_ATTACHMENTS', /limit is 2/);
      expect(new PacketDecoder({ maxAttachments: 2 }).add('52-["a"]')).to.equal(null);
    });
  });

  describe('placeholders', () => {
    const placeholder = (num: unknown) => `51-["file",{"_placeholder":true,"num":${JSON.stringify(num)}}]`;
    for (const num of [1, -1, 7]) {
      it(`rejects num ${num}, out of range for one attachment`, () => {
        const decoder = new PacketDecoder();
        expect(decoder.add(placeholder(num))).to.equal(null);
        expectProtocolError(() => decoder.add(new Uint8Array([1])), 'INVALID_PLACEHOLDER', /not an integer in \[0, 1\)/);
      });
    }
    for (const num of [0.5, '0', null, [0]]) {
      it(`rejects num ${JSON.stringify(num)}, not an integer`, () => {
        const decoder = new PacketDecoder();
        decoder.add(placeholder(num));
        expectProtocolError(() => decoder.add(new Uint8Array([1])), 'INVALID_PLACEHOLDER');
      });
    }
  });

  describe('binary and text out of turn', () => {
    it('rejects binary data when no attachment is awaited', () => {
      expectProtocolError(() => new PacketDecoder().add(new Uint8Array([1, 2])), 'UNEXPECTED_BINARY');
    });
    it('rejects an attachment that is not binary data', () => {
      const decoder = new PacketDecoder();
      decoder.add('51-["a",{"_placeholder":true,"num":0}]');
      expectProtocolError(() => decoder.add({} as unknown as Uint8Array), 'UNEXPECTED_BINARY', /not binary/);
      expect(decoder.awaitingAttachments).to.equal(0);
    });
    it('rejects binary data after the awaited attachments are complete', () => {
      const decoder = new PacketDecoder();
      decoder.add('51-["a",{"_placeholder":true,"num":0}]');
      expect(decoder.add(new Uint8Array([1]))).to.not.equal(null);
      expectProtocolError(() => decoder.add(new Uint8Array([2])), 'UNEXPECTED_BINARY');
    });
    it('rejects text while attachments are awaited, then starts afresh', () => {
      const decoder = new PacketDecoder();
      decoder.add('52-["a",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
      decoder.add(new Uint8Array([1]));
      expectProtocolError(() => decoder.add('2["b"]'), 'UNEXPECTED_TEXT', /1 binary attachment/);
      expect(decoder.awaitingAttachments).to.equal(0);
      expect(decoder.add('2["b"]')).to.deep.equal({ type: PacketType.EVENT, nsp: '/', data: ['b'] });
    });
  });

  describe('nesting depth', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    it('rejects JSON nested deeper than the default limit of 64', () => {
      expectProtocolError(() => decodeText(`2["a",${nested(64)}]`), 'NESTING_TOO_DEEP', /deeper than 64/);
    });
    it('accepts JSON exactly at the limit', () => {
      expect(decodeText(`2["a",${nested(63)}]`)).to.not.equal(null);
    });
    it('rejects a million levels quickly and without a stack overflow', () => {
      expectProtocolError(() => decodeText(`2["a",${'{"a":'.repeat(1e6)}1${'}'.repeat(1e6)}]`), 'NESTING_TOO_DEEP');
    });
    it('does not count brackets inside strings', () => {
      const text = `2["a","${'['.repeat(200)}\\"${'{'.repeat(200)}"]`;
      expect(decodeText(text)).to.deep.equal({ type: PacketType.EVENT, nsp: '/', data: ['a', `${'['.repeat(200)}"${'{'.repeat(200)}`] });
    });
    it('honours a configured limit', () => {
      expectProtocolError(() => new PacketDecoder({ maxDepth: 3 }).add(`2["a",${nested(3)}]`), 'NESTING_TOO_DEEP', /deeper than 3/);
    });
    it('refuses a limit that is not a non-negative integer', () => {
      for (const limits of [{ maxDepth: -1 }, { maxDepth: 1.5 }, { maxAttachments: Number.NaN }]) {
        expect(() => new PacketDecoder(limits)).to.throw(TypeError, /must be a non-negative integer/);
      }
    });
  });

  describe('prototype pollution', () => {
    afterEach(() => {
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
    const hostile = [
      '2["a",{"__proto__":{"polluted":true}}]',
      '2["a",[{"x":{"__proto__":{"polluted":true}}}]]',
      '2["a",{"\\u005f_proto__":{"polluted":true}}]',
      '2["a",{"constructor":{"prototype":{"polluted":true}}}]',
      '0{"__proto__":{"polluted":true}}',
      '31[{"__proto__":{"polluted":true}}]',
    ];
    for (const text of hostile) {
      it(`rejects ${text}`, () => {
        expectProtocolError(() => decodeText(text), 'FORBIDDEN_KEY', /pollute/);
      });
    }
    it('keeps a harmless "constructor" key as data', () => {
      const packet = decodeText('2["a",{"constructor":"Ada"}]');
      expect(packet).to.deep.equal({ type: PacketType.EVENT, nsp: '/', data: ['a', { constructor: 'Ada' }] });
    });
    it('keeps a "constructor" object without a "prototype" as data', () => {
      const packet = decodeText('2["a",{"constructor":{"name":"Ada"}}]');
      expect(packet).to.deep.equal({ type: PacketType.EVENT, nsp: '/', data: ['a', { constructor: { name: 'Ada' } }] });
    });
  });
});
