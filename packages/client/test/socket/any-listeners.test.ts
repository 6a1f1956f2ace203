// Catch-all listeners: onAny / prependAny / offAny / listenersAny for incoming events, and the *Outgoing set.
import { expect } from 'chai';
import { Disposer } from '../../../server/test/helpers/index.js';
import { MODES, next } from './support/clients.js';
import { rtioPair, serverNext } from './support/pairs.js';

describe('client socket: catch-all listeners', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it('onAny and prependAny see every incoming event, in registration order, before the event listeners', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const calls: unknown[][] = [];
        const first = (...args: unknown[]): void => void calls.push(['first', ...args]);
        const second = (...args: unknown[]): void => void calls.push(['second', ...args]);
        const front = (...args: unknown[]): void => void calls.push(['front', ...args]);
        client.onAny(first).onAny(second).prependAny(front);
        client.on('news', (...args: unknown[]) => void calls.push(['on', ...args]));
        expect(client.listenersAny()).to.deep.equal([front, first, second]);
        const heard = next(client, 'news');
        socket.emit('news', 1, { b: 2 });
        await heard;
        expect(calls).to.deep.equal([
          ['front', 'news', 1, { b: 2 }],
          ['first', 'news', 1, { b: 2 }],
          ['second', 'news', 1, { b: 2 }],
          ['on', 1, { b: 2 }],
        ]);
      });

      it('onAny gets the ack function of an event with ack, and it answers the server', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        client.onAny((event: string, ...args: unknown[]) => {
          const ack = args[args.length - 1];
          if (event === 'question' && typeof ack === 'function') ack('from onAny');
        });
        expect(await socket.timeout(2000).emitWithAck('question')).to.equal('from onAny');
      });

      it('offAny(listener) removes one, offAny() removes all', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        const calls: string[] = [];
        const a = (event: string): void => void calls.push(`a:${event}`);
        const b = (event: string): void => void calls.push(`b:${event}`);
        client.onAny(a).onAny(b);
        client.offAny(a);
        expect(client.listenersAny()).to.deep.equal([b]);
        let heard = next(client, 'one');
        socket.emit('one');
        await heard;
        client.offAny();
        expect(client.listenersAny()).to.deep.equal([]);
        heard = next(client, 'two');
        socket.emit('two');
        await heard;
        expect(calls).to.deep.equal(['b:one']);
      });

      it('onAnyOutgoing sees each emit (without the ack callback); offAnyOutgoing removes; listenersAnyOutgoing lists', async () => {
        const { client, socket } = await rtioPair(disposer, mode);
        socket.on('with-ack', (x: number, ack: (r: number) => void) => ack(x));
        const out: unknown[][] = [];
        const a = (...args: unknown[]): void => void out.push(['a', ...args]);
        const b = (...args: unknown[]): void => void out.push(['b', ...args]);
        client.onAnyOutgoing(a).onAnyOutgoing(b);
        expect(client.listenersAnyOutgoing()).to.deep.equal([a, b]);
        client.emit('plain', 1, 'x');
        expect(await client.emitWithAck('with-ack', 7)).to.equal(7);
        client.offAnyOutgoing(a);
        expect(client.listenersAnyOutgoing()).to.deep.equal([b]);
        const last = serverNext(socket, 'last');
        client.emit('last');
        await last;
        client.offAnyOutgoing();
        expect(client.listenersAnyOutgoing()).to.deep.equal([]);
        client.emit('unseen');
        expect(out).to.deep.equal([
          ['a', 'plain', 1, 'x'],
          ['b', 'plain', 1, 'x'],
          ['a', 'with-ack', 7],
          ['b', 'with-ack', 7],
          ['b', 'last'],
        ]);
      });
    });
  }

  it('onAnyOutgoing does not see reserved emits that threw, nor events received', async () => {
    const { client, socket } = await rtioPair(disposer, 'websocket');
    const out: unknown[] = [];
    client.onAnyOutgoing((event: string) => void out.push(event));
    expect(() => client.emit('disconnect')).to.throw();
    const heard = next(client, 'incoming');
    socket.emit('incoming');
    await heard;
    expect(out).to.deep.equal([]);
  });
});
