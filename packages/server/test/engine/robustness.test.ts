// Hostile input: garbage bodies, frames and requests end the offending session, never the process.
import net from 'node:net';
import { expect } from 'chai';
import { Disposer, RawPolling, RawWebSocket } from '../helpers/index.js';
import { record, startEngine, within } from './setup.js';

/** A small deterministic PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function garbage(random: () => number): string {
  const alphabet = '0123456789b\x1e\x00{}[]"\\/:,é😀 \x1f\x7f';
  const length = 1 + Math.floor(random() * 40);
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)] ?? '';
  return text;
}

describe('engine robustness', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('survives random POST bodies: each ends in 200 or a 400 with parse error', async () => {
    const { baseUrl, sessions, engine } = await startEngine(disposer);
    const random = prng(42);
    for (let round = 0; round < 40; round++) {
      const client = disposer.add(await RawPolling.handshake(baseUrl));
      const session = await sessions.next();
      const { closed } = record(session);
      const response = await client.post(garbage(random));
      expect([200, 400]).to.include(response.status);
      if (response.status === 400) expect((await closed).reason).to.equal('parse error');
      else session.close(true);
    }
    expect(engine.clientsCount).to.equal(0);
    disposer.add(await RawPolling.handshake(baseUrl));
  });

  it('survives random WebSocket frames, text and binary', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const random = prng(7);
    for (let round = 0; round < 30; round++) {
      const client = disposer.add(await RawWebSocket.connect(baseUrl));
      await client.handshake();
      const session = await sessions.next();
      const text = garbage(random);
      client.send(random() < 0.3 ? Buffer.from(text) : text);
      client.send('4probe-alive');
      session.close(true);
      await within(client.closed, 'the close');
    }
    const last = disposer.add(await RawWebSocket.connect(baseUrl));
    await last.handshake();
  });

  it('answers malformed URLs and odd requests without crashing', async () => {
    const { baseUrl, port } = await startEngine(disposer);
    const client = disposer.add(new RawPolling(baseUrl));
    expect((await client.request('GET', { query: { EIO: '4', transport: 'polling', sid: '%%%' } })).status).to.equal(400);
    expect((await client.request('HEAD')).status).to.equal(400);
    const raw = net.connect(port, '127.0.0.1');
    disposer.add(() => raw.destroy());
    const answer = new Promise<string>((resolve) => {
      let text = '';
      raw.on('data', (chunk: Buffer) => (text += chunk.toString()));
      raw.on('close', () => resolve(text));
      raw.on('error', () => resolve(text));
    });
    raw.end('GET /rt/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    expect(await within(answer, 'an answer to a broken upgrade')).to.match(/^HTTP\/1\.1 400/);
    disposer.add(await RawPolling.handshake(baseUrl));
  });
});
