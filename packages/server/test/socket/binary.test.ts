// Binary payloads both ways: Buffer, ArrayBuffer, typed arrays, nested, and in acks.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { startPair } from './support/clients.js';
import { Disposer } from '../helpers/index.js';
import { deferred, nextEvent, within } from './support/events.js';
import { MODES } from './support/server-under-test.js';

/** The bytes of any binary value, for comparing what each side decoded. */
function bytes(value: unknown): number[] {
  if (value instanceof ArrayBuffer) return [...new Uint8Array(value)];
  if (ArrayBuffer.isView(value)) return [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)];
  throw new TypeError(`expected binary data, got ${Object.prototype.toString.call(value)}`);
}

function isBinary(value: unknown): boolean {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

for (const mode of MODES) {
  describe(`socket layer: binary (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    const pair = () => startPair(disposer, mode);

    it('receives Buffer, ArrayBuffer and typed arrays from the client as Buffers', async () => {
      const { client, socket } = await pair();
      const received = nextEvent(socket, 'bin');
      const floats = new Float32Array([1.5, -2.25]);
      client.emit('bin', Buffer.from([1, 2, 3]), new Uint8Array([4, 5]).buffer, new Uint16Array([0x0102, 0xfffe]), floats, 'text');
      const [buffer, arrayBuffer, shorts, sentFloats, text] = await received;
      for (const value of [buffer, arrayBuffer, shorts, sentFloats]) expect(Buffer.isBuffer(value)).to.equal(true);
      expect(bytes(buffer)).to.deep.equal([1, 2, 3]);
      expect(bytes(arrayBuffer)).to.deep.equal([4, 5]);
      expect(bytes(shorts)).to.deep.equal(bytes(new Uint16Array([0x0102, 0xfffe])));
      expect(bytes(sentFloats)).to.deep.equal(bytes(floats));
      expect(text).to.equal('text');
    });

    it('sends Buffer, ArrayBuffer and typed arrays to the client', async () => {
      const { client, socket } = await pair();
      const received = nextEvent(client, 'bin');
      const floats = new Float64Array([Math.PI]);
      socket.emit('bin', Buffer.from('héllo'), new Uint8Array([9, 8, 7]).buffer, new Int32Array([-1, 2]), floats, 42);
      const [buffer, arrayBuffer, ints, sentFloats, n] = await received;
      for (const value of [buffer, arrayBuffer, ints, sentFloats]) expect(isBinary(value)).to.equal(true);
      expect(bytes(buffer)).to.deep.equal([...Buffer.from('héllo')]);
      expect(bytes(arrayBuffer)).to.deep.equal([9, 8, 7]);
      expect(bytes(ints)).to.deep.equal(bytes(new Int32Array([-1, 2])));
      expect(bytes(sentFloats)).to.deep.equal(bytes(floats));
      expect(n).to.equal(42);
    });

    it('keeps binaries nested in objects and arrays in place, both ways', async () => {
      const { client, socket } = await pair();
      const payload = { meta: { name: 'file', parts: [Buffer.from([1]), { deep: Buffer.from([2, 2]) }] }, flag: true };
      let serverSaw: unknown;
      socket.on('nested', (data: typeof payload, ack: (r: unknown) => void) => {
        serverSaw = data.meta.parts[1];
        ack(data);
      });
      const echoed = (await client.timeout(2000).emitWithAck('nested', payload)) as {
        meta: { name: string; parts: [unknown, { deep: unknown }] };
        flag: boolean;
      };
      expect(Buffer.isBuffer((serverSaw as { deep: unknown }).deep)).to.equal(true);
      expect(echoed.meta.name).to.equal('file');
      expect(echoed.flag).to.equal(true);
      expect(bytes(echoed.meta.parts[0])).to.deep.equal([1]);
      expect(bytes(echoed.meta.parts[1].deep)).to.deep.equal([2, 2]);
    });

    it('carries an empty buffer and a large random one intact', async () => {
      const { client, socket } = await pair();
      const large = randomBytes(200 * 1024);
      const received = nextEvent(socket, 'sizes');
      client.emit('sizes', Buffer.alloc(0), large);
      const [empty, big] = await received;
      expect(bytes(empty)).to.deep.equal([]);
      expect(Buffer.compare(big as Buffer, large)).to.equal(0);
      const back = nextEvent(client, 'sizes');
      socket.emit('sizes', Buffer.alloc(0), large);
      const [emptyBack, bigBack] = await back;
      expect(bytes(emptyBack)).to.deep.equal([]);
      expect(Buffer.compare(Buffer.from(bytes(bigBack)), large)).to.equal(0);
    });

    it('answers a client ack with binary data', async () => {
      const { client, socket } = await pair();
      socket.on('read', (name: string, ack: (name: string, data: Buffer) => void) => ack(name, Buffer.from([0xde, 0xad, 0xbe, 0xef])));
      const answered = deferred<unknown[]>();
      client.emit('read', 'blob', (...response: unknown[]) => answered.resolve(response));
      const [name, data] = await within(answered.promise, 2000, 'the binary ack');
      expect(name).to.equal('blob');
      expect(bytes(data)).to.deep.equal([0xde, 0xad, 0xbe, 0xef]);
    });

    it('receives binary data in the client ack of a server emit', async () => {
      const { client, socket } = await pair();
      client.on('give', (cb: (data: unknown) => void) => cb({ body: new Uint8Array([5, 6, 7]) }));
      const answer = (await socket.emitWithAck('give')) as { body: unknown };
      expect(Buffer.isBuffer(answer.body)).to.equal(true);
      expect(bytes(answer.body)).to.deep.equal([5, 6, 7]);
    });

    it('mixes binary and text events in order', async () => {
      const { client, socket } = await pair();
      const seen: string[] = [];
      const done = deferred();
      client.on('m', (tag: string, data?: unknown) => {
        seen.push(data === undefined ? tag : `${tag}:${bytes(data).join(',')}`);
        if (tag === 'end') done.resolve();
      });
      socket.emit('m', 'a');
      socket.emit('m', 'b', Buffer.from([1]));
      socket.emit('m', 'c');
      socket.emit('m', 'd', Buffer.from([2, 3]));
      socket.emit('m', 'end');
      await within(done.promise, 2000, 'the last event');
      expect(seen).to.deep.equal(['a', 'b:1', 'c', 'd:2,3', 'end']);
    });
  });
}
