// Binary payloads both ways: Buffer, ArrayBuffer, typed arrays (and views), nested in objects, in acks.
import { expect } from 'chai';
import { Disposer } from '../../../server/test/helpers/index.js';
import { MODES, deferred, next, within } from './support/clients.js';
import { rtioPair, serverNext } from './support/pairs.js';
import { bytes, checkSamples, samples } from './support/binary.js';

describe('client socket: binary', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it('client → server: every binary kind, nested too, arrives byte for byte', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const { args, expected } = samples();
        const heard = serverNext(socket, 'bin');
        client.emit('bin', ...args);
        checkSamples(await heard, expected);
      });

      it('server → client: Buffers arrive as Buffers (Node binaryType), nested too', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const { args, expected } = samples();
        const heard = next(client, 'bin');
        socket.emit('bin', ...args);
        const received = await heard;
        checkSamples(received, expected);
        expect(Buffer.isBuffer(received[0])).to.equal(true);
      });

      it('binary in acks both ways', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        socket.on('echo', (data: Buffer, ack: (...r: unknown[]) => void) => ack({ back: data }, Buffer.from([0xbe, 0xef])));
        const answer = deferred<unknown[]>();
        client.emit('echo', new Uint8Array([1, 2, 3]), (...response: unknown[]) => answer.resolve(response));
        const [obj, extra] = await within(answer.promise, 2000, 'the binary ack');
        expect([...bytes((obj as { back: unknown }).back)]).to.deep.equal([1, 2, 3]);
        expect(bytes(extra).toString('hex')).to.equal('beef');

        client.on('give', (ack: (...r: unknown[]) => void) => ack(new Float64Array([Math.PI]).buffer, 'and text'));
        const buffer: unknown = await socket.timeout(2000).emitWithAck('give'); // the first ack argument
        expect(bytes(buffer).readDoubleLE(0)).to.equal(Math.PI);
      });

      it('binary and text events stay in order', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const seen: unknown[] = [];
        const done = deferred<void>();
        socket.onAny((event: string, arg: unknown) => {
          seen.push(Buffer.isBuffer(arg) ? `bin:${arg[0]}` : `text:${String(arg)}`);
          if (event === 'end') done.resolve();
        });
        for (let i = 0; i < 5; i++) {
          client.emit('item', Buffer.from([i]));
          client.emit('item', i);
        }
        client.emit('end');
        await within(done.promise, 2000, 'the last event');
        expect(seen).to.deep.equal([...Array.from({ length: 5 }, (_, i) => [`bin:${i}`, `text:${i}`]).flat(), 'text:undefined']);
      });
    });
  }
});
