// Backpressure: a client that does not read is closed ('backpressure') instead of growing memory.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { EngineSession } from '../../src/engine/index.js';
import { Disposer, RawPolling } from '../helpers/index.js';
import { nextRequest, record, startEngine, within } from './setup.js';

/** A WebSocket handshake on a raw TCP socket that then never reads. */
function stalledWebSocket(port: number): net.Socket {
  const socket = net.connect(port, '127.0.0.1');
  socket.write(
    'GET /rt/?EIO=4&transport=websocket HTTP/1.1\r\n' +
      `Host: 127.0.0.1:${port}\r\n` +
      'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
      'Sec-WebSocket-Version: 13\r\n\r\n',
  );
  socket.pause();
  socket.on('error', () => undefined);
  return socket;
}

describe('engine backpressure', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('closes a polling session whose queue exceeds maxBufferedBytes while no GET is held', async () => {
    const { baseUrl, sessions, engine } = await startEngine(disposer, { maxBufferedBytes: 1000 });
    disposer.add(await RawPolling.handshake(baseUrl));
    const session = await sessions.next();
    const { closed } = record(session);
    session.send('x'.repeat(600));
    expect(session.readyState).to.equal('open');
    session.send('x'.repeat(600));
    const { reason, description } = await closed;
    expect(reason).to.equal('backpressure');
    expect(String(description)).to.match(/exceed maxBufferedBytes \(1000\)/);
    expect(engine.clientsCount).to.equal(0);
  });

  it('hands a large batch to a held GET without counting it as backpressure', async () => {
    const { baseUrl, sessions, httpServer } = await startEngine(disposer, { maxBufferedBytes: 1000 });
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const session = await sessions.next();
    const arrived = nextRequest(httpServer);
    const held = client.get();
    await arrived;
    session.send('x'.repeat(1500));
    expect((await held).body).to.have.length(1501);
    expect(session.readyState).to.equal('open');
  });

  it('closes a WebSocket session whose client stops reading', async () => {
    const { port, sessions } = await startEngine(disposer, { maxBufferedBytes: 256 * 1024 });
    const socket = stalledWebSocket(port);
    disposer.add(() => socket.destroy());
    const session: EngineSession = await sessions.next();
    const { closed } = record(session);
    const chunk = 'w'.repeat(64 * 1024);
    let rounds = 0;
    const flood = (): void => {
      if (session.readyState !== 'open' || rounds++ > 2000) return;
      for (let i = 0; i < 16; i++) session.send(chunk);
      setImmediate(flood);
    };
    flood();
    const { reason, description } = await within(closed, 'the backpressure close', 8000);
    expect(reason).to.equal('backpressure');
    expect(String(description)).to.match(/websocket client exceed maxBufferedBytes/);
    // Dropped at once: a closing handshake with a peer that does not read would hang for ws's 30 s.
    const socketClosed = new Promise((resolve) => socket.once('close', resolve));
    socket.resume();
    await within(socketClosed, 'the server to drop the TCP connection');
  });
});
