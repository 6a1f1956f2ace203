// Upgrade requests on paths that are not rtio's: answered at once when nobody else can take them,
// given destroyUpgradeTimeout to be answered by another listener otherwise, never a crash.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import WebSocket, { WebSocketServer } from 'ws';
import { EngineServer } from '../../src/engine/index.js';
import { Disposer, FrameQueue } from '../helpers/index.js';
import { connectRaw, h2cUpgrade } from '../hardening/support/raw-peer.js';
import { startEngine, within } from './setup.js';

/** An 'upgrade' listener of the app that sees every upgrade and answers none. */
function silentListener(server: http.Server): FrameQueue<Duplex> {
  const sockets = new FrameQueue<Duplex>('upgrade socket');
  server.on('upgrade', (_req, socket: Duplex) => sockets.push(socket));
  return sockets;
}

describe('engine: upgrades on other paths', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('answers 400 at once when rtio is the only upgrade listener, and closes the connection', async () => {
    const clock = new ManualClock();
    const { port } = await startEngine(disposer, { clock });
    const peer = disposer.add(await connectRaw(port));
    peer.socket.write(h2cUpgrade('/'));
    await within(peer.closed, 'the connection to close');
    expect(peer.received()).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(clock.pending).to.equal(0);
  });

  it('gives another listener destroyUpgradeTimeout ms to answer, then destroys the socket', async () => {
    const clock = new ManualClock();
    const server = http.createServer();
    const sockets = silentListener(server);
    const { port } = await startEngine(disposer, { clock, destroyUpgradeTimeout: 1000 }, server);
    const peer = disposer.add(await connectRaw(port));
    peer.socket.write(h2cUpgrade('/other'));
    const socket = await sockets.next();
    clock.advance(999);
    expect(socket.destroyed).to.equal(false);
    clock.advance(1);
    expect(socket.destroyed).to.equal(true);
    await within(peer.closed, 'the connection to close');
    expect(peer.received()).to.equal('');
  });

  it('keeps an upgrade that another listener answered (the app’s own ws server) past the grace period', async () => {
    const clock = new ManualClock();
    const server = http.createServer();
    const wss = new WebSocketServer({ noServer: true });
    disposer.add(() => wss.close());
    server.on('upgrade', (req, socket, head) => {
      if (req.url === '/ws') wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (data) => ws.send(`echo ${String(data)}`)));
    });
    const { port } = await startEngine(disposer, { clock }, server);
    const client = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    disposer.add(() => client.terminate());
    const messages = new FrameQueue<string>('ws message');
    client.on('message', (data) => messages.push(String(data)));
    await within(new Promise((resolve) => client.once('open', resolve)), 'the app’s WebSocket to open');
    clock.advance(5000);
    client.send('after the grace period');
    expect(await messages.next()).to.equal('echo after the grace period');
  });

  it('leaves unanswered upgrades open with destroyUpgrade: false, and still survives their reset', async () => {
    const clock = new ManualClock();
    const server = http.createServer();
    const sockets = silentListener(server);
    const { port, engine } = await startEngine(disposer, { clock, destroyUpgrade: false }, server);
    const peer = disposer.add(await connectRaw(port));
    peer.socket.write(h2cUpgrade('/'));
    const socket = await sockets.next();
    const serverSideClosed = new Promise((resolve) => socket.once('close', resolve));
    clock.advance(60_000);
    expect(socket.destroyed).to.equal(false);
    peer.reset();
    await within(serverSideClosed, 'the server side of the reset connection to close');
    expect(engine.clientsCount).to.equal(0);
  });

  it('destroys the waiting sockets and releases their timers when the engine closes', async () => {
    const clock = new ManualClock();
    const server = http.createServer();
    const sockets = silentListener(server);
    const { port, engine } = await startEngine(disposer, { clock }, server);
    const peer = disposer.add(await connectRaw(port));
    peer.socket.write(h2cUpgrade('/'));
    const socket = await sockets.next();
    expect(clock.pending).to.equal(1);
    engine.close();
    expect(socket.destroyed).to.equal(true);
    expect(clock.pending).to.equal(0);
  });

  it('refuses nonsense for the new options', () => {
    expect(() => new EngineServer({ destroyUpgrade: 'yes' as unknown as boolean })).to.throw(TypeError, /destroyUpgrade must be a boolean/);
    expect(() => new EngineServer({ destroyUpgradeTimeout: -1 })).to.throw(TypeError, /destroyUpgradeTimeout must be a positive/);
  });
});
