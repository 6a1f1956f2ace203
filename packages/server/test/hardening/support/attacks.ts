// The fuzzer's model of an attacker: plain data (so fast-check prints, replays and shrinks it)
// drawn from valid Engine.IO / Socket.IO / HTTP input and mutations of it. attacker.ts plays it.
import fc from 'fast-check';

/** How an attacker leaves: TCP reset, orderly FIN, or after a pause (then a reset). */
export type Ending = { how: 'reset' | 'end' } | { how: 'linger'; ms: number };

/** One WebSocket frame as the attacker writes it (masked unless told otherwise). */
export interface WsFrame {
  opcode: number;
  fin: boolean;
  /** RSV1..3 bits; RSV1 claims compression. */
  rsv: number;
  masked: boolean;
  payload: Uint8Array;
}

export interface WebSocketAttack {
  kind: 'websocket';
  /** Upgrade a fresh polling session (the probe path) instead of a WebSocket-only handshake. */
  upgradeSession: boolean;
  /** Extra query text after `EIO=4&transport=websocket`. */
  queryTail: string;
  /** Offer permessage-deflate (accepted in the strict variant). */
  deflate: boolean;
  frames: WsFrame[];
  /** Raw bytes after the frames: framing garbage. */
  garbage: Uint8Array;
  ending: Ending;
}

export interface HttpRequestAttack {
  kind: 'request';
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string;
  /** Content-Length sent minus the body's real length (a lie unless 0); absent: no header. */
  contentLengthLie: number | undefined;
  /** Send only this many bytes of the request, then end as told. */
  cutAt: number | undefined;
  ending: Ending;
}

export interface PollingAttack {
  kind: 'polling';
  /** Requests on the session, each on its own connection, sent one after the other. */
  requests: Array<Omit<HttpRequestAttack, 'kind' | 'target'> & { queryTail: string }>;
}

export interface UpgradeAttack {
  kind: 'upgrade';
  target: string;
  headers: Array<[string, string]>;
  /** Bytes sent after the request (a WebSocket frame, HTTP/2 preface, anything). */
  after: Uint8Array;
  ending: Ending;
}

export type Attack = WebSocketAttack | HttpRequestAttack | PollingAttack | UpgradeAttack;

/** Valid packets, as a well-behaved client sends them to the target app (target.ts). */
export const PACKET_CORPUS: readonly string[] = [
  '2', '3', '2probe', '3probe', '5', '6', '1', '0', '4', '4hello',
  '40', '40{"token":"x"}', '40/admin,{"token":"ok"}', '40/admin,{"token":"no"}', '40/dyn-1,', '40/nope,', '40{"reject":true}',
  '41', '41/admin,',
  '42["echo","x"]', '421["echo",1,{"a":[1,2,null]}]', '42/admin,7["echo","v"]', '42/dyn-1,3["echo",[]]',
  '42["join","r1"]', '42["shout","r1","hi",{"n":1}]', '42["leave","r1"]', '42["throw"]', '42["reject"]', '42["bye"]',
  '4212["bin"]', '42["unknown",1]', '43 1[]', '431["late"]', '44{"message":"x"}',
  '451-["echo",{"_placeholder":true,"num":0}]', '4519["echo",{"_placeholder":true,"num":0}]',
  '452-/admin,["echo",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]', '461-5[{"_placeholder":true,"num":0}]',
];

/** Text that parsers trip over, spliced into packets. */
const NASTY: readonly string[] = [
  '"', '\\', '{', '[', ']', ',', '-', '/', '\u0000', '\ud800', '\u2028', '1e400', '-1', '9007199254740993', '__proto__',
  '{"__proto__":{"polluted":1}}', '{"_placeholder":true,"num":99}', '{"_placeholder":true,"num":-1}', '\x1e', 'probe',
];

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'replace'; at: number; text: string }
  | { op: 'repeat'; times: number }
  | { op: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6, unit: 'binary' })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...NASTY) }),
  fc.record({ op: fc.constant('repeat' as const), times: fc.oneof(fc.integer({ min: 2, max: 4 }), fc.constant(900)) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Past the target's maxHttpBufferSize (20 000) but bounded: repeats of repeats would reach gigabytes. */
const MAX_PACKET_CHARS = 48_000;

function applyMutation(text: string, mutation: Mutation): string {
  const at = (n: number): number => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (mutation.op) {
    case 'insert':
      return text.slice(0, at(mutation.at)) + mutation.text + text.slice(at(mutation.at));
    case 'delete':
      return text.slice(0, at(mutation.at)) + text.slice(at(mutation.at) + mutation.length);
    case 'replace':
      return text.slice(0, at(mutation.at)) + mutation.text + text.slice(at(mutation.at) + mutation.text.length);
    case 'repeat':
      return text.repeat(Math.max(1, Math.min(mutation.times, Math.floor(MAX_PACKET_CHARS / Math.max(1, text.length)))));
    case 'truncate':
      return text.slice(0, at(mutation.at));
  }
}

/** A packet from the corpus, unchanged (often) or mutated, or noise. */
export const packetTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PACKET_CORPUS) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom(...PACKET_CORPUS), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
      .map(([base, mutations]) => mutations.reduce(applyMutation, base)),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }) },
);

const encoder = new TextEncoder();
const bytesArb = (maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

const frameArb: fc.Arbitrary<WsFrame> = fc.oneof(
  // Mostly well-framed text and binary messages, with packets as payloads.
  {
    weight: 6,
    arbitrary: fc.record({
      opcode: fc.constant(1),
      fin: fc.constant(true),
      rsv: fc.constant(0),
      masked: fc.constant(true),
      payload: packetTextArb.map((text) => encoder.encode(text)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ opcode: fc.constant(2), fin: fc.constant(true), rsv: fc.constant(0), masked: fc.constant(true), payload: bytesArb(64) }) },
  // Anything the framing allows and much it does not: fragments, control frames, reserved bits.
  {
    weight: 2,
    arbitrary: fc.record({
      opcode: fc.integer({ min: 0, max: 15 }),
      fin: fc.boolean(),
      rsv: fc.integer({ min: 0, max: 7 }),
      masked: fc.boolean(),
      payload: fc.oneof(bytesArb(140), packetTextArb.map((text) => encoder.encode(text))),
    }),
  },
);

export const endingArb: fc.Arbitrary<Ending> = fc.oneof(
  fc.record({ how: fc.constantFrom('reset' as const, 'end' as const) }),
  fc.record({ how: fc.constant('linger' as const), ms: fc.integer({ min: 1, max: 150 }) }),
);

const queryTailArb: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.constantFrom('&EIO=3', '&EIO=5', '&transport=polling', '&transport=webtransport', '&sid=AAAAAAAAAAAAAAAAAAAA', '&b64=1', '&j=0', '&t=x', '&EIO=', '&%zz', '&sid[]=1&sid[]=2'),
  fc.string({ maxLength: 24 }).map((text) => `&${encodeURIComponent(text)}`),
  fc.string({ maxLength: 24, unit: 'binary' }).map((text) => `&${text.replace(/[\s#]/g, '')}`),
);

const websocketAttackArb: fc.Arbitrary<WebSocketAttack> = fc.record({
  kind: fc.constant('websocket' as const),
  upgradeSession: fc.boolean(),
  queryTail: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: queryTailArb }),
  deflate: fc.boolean(),
  frames: fc.array(frameArb, { maxLength: 12 }),
  garbage: fc.oneof({ weight: 3, arbitrary: fc.constant(new Uint8Array(0)) }, { weight: 1, arbitrary: bytesArb(64) }),
  ending: endingArb,
});

const HEADER_VALUES: readonly string[] = [
  '', ' ', 'null', 'http://evil.example', 'http://127.0.0.1', 'file://', '*', 'gzip', 'deflate, br', 'gzip;q=0', 'chunked', 'x'.repeat(300),
  'text/plain;charset=UTF-8', 'application/octet-stream', 'multipart/form-data; boundary=x', '1', '-1', '99999999999999999999', 'Upgrade', 'close',
];
const HEADER_NAMES: readonly string[] = [
  'Origin', 'Cookie', 'Content-Type', 'Accept-Encoding', 'X-Forwarded-For', 'Connection', 'Transfer-Encoding', 'Content-Encoding',
  'Access-Control-Request-Method', 'Access-Control-Request-Headers', 'X-Deny', 'Authorization', 'Upgrade', 'Sec-WebSocket-Key',
];

/** A header: a known name with odd values, or an odd name; rarely bytes that break the request. */
const headerArb: fc.Arbitrary<[string, string]> = fc.tuple(
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HEADER_NAMES) }, { weight: 1, arbitrary: fc.stringMatching(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}$/) }, { weight: 1, arbitrary: fc.string({ maxLength: 10, unit: 'binary' }) }),
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HEADER_VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) }),
);

const METHODS = ['GET', 'POST', 'PUT', 'OPTIONS', 'HEAD', 'DELETE', 'CONNECT', 'G\u00e9T', ''];
const PATHS = ['/rt/', '/rt', '/rt/x', '/rt/client.js', '/rt/client.js.map', '/', '/other', '/ws', '*', 'http://127.0.0.1/rt/', '/rt/%'];

const requestTargetArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...PATHS), fc.constantFrom('', '?EIO=4&transport=polling', '?EIO=4&transport=websocket', '?transport=polling', '?EIO=4'), queryTailArb)
  .map(([path, query, tail]) => path + query + (query === '' && tail !== '' ? `?${tail.slice(1)}` : tail));

/** A polling payload: packets joined by the record separator. */
const pollingBodyArb: fc.Arbitrary<string> = fc.array(packetTextArb, { minLength: 1, maxLength: 4 }).map((packets) => packets.join('\x1e'));

const requestPartsArb = {
  method: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('GET', 'POST') }, { weight: 1, arbitrary: fc.constantFrom(...METHODS) }),
  headers: fc.array(headerArb, { maxLength: 5 }),
  body: fc.oneof(pollingBodyArb, fc.string({ maxLength: 60, unit: 'binary' })),
  contentLengthLie: fc.option(fc.integer({ min: -4, max: 4 }), { nil: undefined, freq: 2 }),
  cutAt: fc.option(fc.nat({ max: 400 }), { nil: undefined, freq: 2 }),
  ending: endingArb,
};

const requestAttackArb: fc.Arbitrary<HttpRequestAttack> = fc.record({ kind: fc.constant('request' as const), target: requestTargetArb, ...requestPartsArb });

const pollingAttackArb: fc.Arbitrary<PollingAttack> = fc.record({
  kind: fc.constant('polling' as const),
  requests: fc.array(fc.record({ queryTail: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: queryTailArb }), ...requestPartsArb }), {
    minLength: 1,
    maxLength: 5,
  }),
});

const upgradeAttackArb: fc.Arbitrary<UpgradeAttack> = fc.record({
  kind: fc.constant('upgrade' as const),
  target: requestTargetArb,
  headers: fc
    .tuple(
      fc.constantFrom('websocket', 'WebSocket', 'h2c', 'foo', '', 'websocket, h2c'),
      fc.constantFrom('13', '8', '', 'x'),
      fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', '', 'short', '!!!!!!!!!!!!!!!!!!!!!!=='),
      fc.constantFrom('', 'permessage-deflate', 'permessage-deflate; client_max_window_bits', 'permessage-deflate; server_max_window_bits=7', 'permessage-deflate; x=1', ';;'),
      fc.array(headerArb, { maxLength: 3 }),
    )
    .map(([upgrade, version, key, extensions, extra]) => {
      const headers: Array<[string, string]> = [['Host', '127.0.0.1'], ['Connection', 'Upgrade'], ['Upgrade', upgrade], ['Sec-WebSocket-Version', version], ['Sec-WebSocket-Key', key]];
      if (extensions !== '') headers.push(['Sec-WebSocket-Extensions', extensions]);
      return [...headers, ...extra];
    }),
  after: fc.oneof(fc.constant(new Uint8Array(0)), bytesArb(64), fc.constant(encoder.encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'))),
  ending: endingArb,
});

export const attackArb: fc.Arbitrary<Attack> = fc.oneof(
  { weight: 4, arbitrary: websocketAttackArb },
  { weight: 2, arbitrary: pollingAttackArb },
  { weight: 2, arbitrary: requestAttackArb },
  { weight: 2, arbitrary: upgradeAttackArb },
);

/** A case: a few attacks at once, so their effects interleave on the server. */
export const attackCaseArb: fc.Arbitrary<Attack[]> = fc.array(attackArb, { minLength: 1, maxLength: 4 });
