// Handshake and messages over each transport, against the rtio EngineServer.
import { expect } from 'chai';
import type { EngineSession } from '../../../server/src/engine/index.js';
import { Disposer, Queue, client, connect, describeData, once, startEngine } from './helpers.js';

describe('engine: handshake and messages', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const name of ['polling', 'websocket'] as const) {
    describe(`over ${name}`, () => {
      it('opens with the server sid', async () => {
        const { baseUrl, sessions } = await startEngine(disposer);
        const socket = client(disposer, baseUrl, { transports: [name], upgrade: false });
        expect(socket.readyState).to.equal('closed');
        await connect(socket);
        const session = await sessions.next();
        expect(socket.readyState).to.equal('open');
        expect(socket.id).to.equal(session.id);
        expect(socket.transport?.name).to.equal(name);
        expect(session.transportName).to.equal(name);
      });

      it('carries text and binary both ways, in order', async () => {
        const { baseUrl, sessions } = await startEngine(disposer);
        const socket = client(disposer, baseUrl, { transports: [name], upgrade: false });
        const received = new Queue<string>();
        socket.on('message', (data) => received.push(describeData(data)));
        await connect(socket);
        const session: EngineSession = await sessions.next();
        const atServer = new Queue<string>();
        session.on('message', (data) => atServer.push(describeData(data)));

        socket.send('hello');
        socket.send(new Uint8Array([1, 2, 3]));
        socket.send(new Uint8Array([9, 8, 7, 6]).buffer);
        socket.send('é \u{1F600}');
        expect([await atServer.next(), await atServer.next(), await atServer.next(), await atServer.next()]).to.deep.equal([
          'hello',
          'bin:010203',
          'bin:09080706',
          'é \u{1F600}',
        ]);

        session.send('world');
        session.send(Buffer.from([4, 5]));
        expect([await received.next(), await received.next()]).to.deep.equal(['world', 'bin:0405']);
      });

      it('hands binary over as ArrayBuffer with binaryType arraybuffer', async () => {
        const { baseUrl, sessions } = await startEngine(disposer);
        const socket = client(disposer, baseUrl, { transports: [name], upgrade: false, binaryType: 'arraybuffer' });
        await connect(socket);
        const session = await sessions.next();
        const message = once<[unknown]>(socket, 'message');
        session.send(Buffer.from([1, 255]));
        const [data] = await message;
        expect(data).to.be.instanceOf(ArrayBuffer);
        expect([...new Uint8Array(data as ArrayBuffer)]).to.deep.equal([1, 255]);
      });
    });
  }

  it('keeps each POST under maxPayload', async () => {
    const { baseUrl, sessions } = await startEngine(disposer, { maxHttpBufferSize: 1000 });
    const socket = client(disposer, baseUrl, { transports: ['polling'], upgrade: false });
    await connect(socket);
    const session = await sessions.next();
    const atServer = new Queue<string>();
    session.on('message', (data) => atServer.push(describeData(data)));
    const sent = Array.from({ length: 12 }, (_, i) => `${i}:${'x'.repeat(250)}`);
    for (const message of sent) socket.send(message);
    const got: string[] = [];
    for (let i = 0; i < sent.length; i++) got.push(await atServer.next());
    expect(got).to.deep.equal(sent);
    expect(socket.readyState).to.equal('open');
  });

  it('reports writable only when open and the transport can take data', async () => {
    const { baseUrl } = await startEngine(disposer);
    const socket = client(disposer, baseUrl, { transports: ['websocket'] });
    expect(socket.writable).to.equal(false);
    await connect(socket);
    expect(socket.writable).to.equal(true);
    socket.close();
    expect(socket.writable).to.equal(false);
  });
});
