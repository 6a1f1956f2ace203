// Closing: server-side session close on both transports, close once, and EngineServer.close() leaving nothing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import { EngineServer, POLLING_CLOSE_TIMEOUT_MS, type EngineSession } from '../../src/engine/index.js';
import { Disposer, FrameQueue, RawPolling, RawWebSocket } from '../helpers/index.js';
import { closeHttpServer, nextRequest, record, startEngine, within } from './setup.js';

describe('engine close', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('session.close() on polling answers the held GET with the queued packets, then the next GET with 1', async () => {
    const { baseUrl, httpServer, sessions, engine } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const session = await sessions.next();
    const { closed, closeCount } = record(session);
    const arrived = nextRequest(httpServer);
    const held = client.get();
    await arrived;
    session.send('bye');
    session.close();
    // socket.io-client decodes on the next tick: a 1 in the same payload would overtake 4bye.
    expect((await held).body).to.equal('4bye');
    expect(session.readyState).to.equal('closing');
    expect((await client.get()).body).to.equal('1');
    expect((await closed).reason).to.equal('forced close');
    expect(session.readyState).to.equal('closed');
    expect(engine.clientsCount).to.equal(0);
    session.close();
    session.send('ignored');
    expect(closeCount()).to.equal(1);
    expect((await client.get()).status).to.equal(400);
  });

  it('session.close() on polling delivers the queued packets and then the 1 on the GETs that follow', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const session = await sessions.next();
    const { closed } = record(session);
    session.send('queued');
    session.close();
    expect(session.readyState).to.equal('closing');
    expect((await client.get()).body).to.equal('4queued');
    expect(session.readyState).to.equal('closing');
    expect((await client.get()).body).to.equal('1');
    expect((await closed).reason).to.equal('forced close');
  });

  it('session.close() on polling gives up waiting for a GET after the close timeout', async () => {
    const clock = new ManualClock();
    const { baseUrl, sessions } = await startEngine(disposer, { clock });
    disposer.add(await RawPolling.handshake(baseUrl));
    const session = await sessions.next();
    const { closed } = record(session);
    session.close();
    clock.advance(POLLING_CLOSE_TIMEOUT_MS);
    expect((await closed).reason).to.equal('forced close');
    expect(clock.pending).to.equal(0);
  });

  it('session.close() on websocket sends what is queued and closes the socket', async () => {
    const { baseUrl, sessions, engine } = await startEngine(disposer);
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    await client.handshake();
    const session = await sessions.next();
    const { closed, closeCount } = record(session);
    session.send('last words');
    session.close();
    expect(await client.frames.next()).to.equal('4last words');
    expect((await client.closed).code).to.equal(1000);
    expect((await closed).reason).to.equal('forced close');
    expect(closeCount()).to.equal(1);
    expect(engine.clientsCount).to.equal(0);
  });

  it('clears every timer of a session closed by its peer', async () => {
    const clock = new ManualClock();
    const { baseUrl, sessions } = await startEngine(disposer, { clock });
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    await client.handshake();
    const { closed } = record(await sessions.next());
    expect(clock.pending).to.equal(1);
    await client.close();
    expect((await closed).reason).to.equal('transport close');
    expect(clock.pending).to.equal(0);
  });

  it('EngineServer.close() closes every session with forced close and leaves no timer or handle', async () => {
    const clock = new ManualClock();
    const httpServer = http.createServer();
    const engine = new EngineServer({ clock });
    engine.attach(httpServer);
    const sessions = new FrameQueue<EngineSession>('session');
    engine.on('connection', (session) => sessions.push(session));
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    disposer.add(() => closeHttpServer(httpServer));
    disposer.add(() => engine.close());
    const baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

    const polling = disposer.add(await RawPolling.handshake(baseUrl));
    const pollingSession = record(await sessions.next());
    const ws = disposer.add(await RawWebSocket.connect(baseUrl));
    await ws.handshake();
    const wsSession = record(await sessions.next());
    const upgrading = disposer.add(await RawPolling.handshake(baseUrl));
    const upgradingSession = record(await sessions.next());
    const probe = disposer.add(await RawWebSocket.connect(baseUrl, { sid: upgrading.sid }));
    probe.send('2probe');
    expect(await probe.frames.next()).to.equal('3probe');
    const arrived = nextRequest(httpServer);
    const held = polling.get();
    await arrived;
    // The heartbeats' shared timer and the upgrade probe's timer, at least.
    expect(clock.pending).to.be.at.least(2);

    engine.close();
    for (const session of [pollingSession, wsSession, upgradingSession]) {
      expect((await session.closed).reason).to.equal('forced close');
    }
    expect(engine.clientsCount).to.equal(0);
    expect(clock.pending).to.equal(0);
    expect((await held).body).to.equal('1');
    await within(ws.closed, 'the WebSocket to close');
    await within(probe.closed, 'the probe to close');
    await within(closeHttpServer(httpServer), 'the http server to close');
  });

  it('EngineServer.close() answers a request racing the close with 400 when the server has no handler', async () => {
    const { baseUrl, engine, httpServer } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    engine.close();
    const response = await client.get();
    expect(response.status).to.equal(400);
    expect(JSON.parse(response.body)).to.deep.equal({ code: 3, message: 'Bad request' });
    expect(httpServer.listenerCount('upgrade')).to.equal(0);
  });

  it('EngineServer.close() detaches: the http server’s own handler gets the path back', async () => {
    const httpServer = http.createServer((_req, res) => res.end('mine'));
    const { baseUrl, engine } = await startEngine(disposer, {}, httpServer);
    engine.close();
    const response = await disposer.add(new RawPolling(baseUrl)).get();
    expect(response.body).to.equal('mine');
    expect(httpServer.listenerCount('upgrade')).to.equal(0);
  });
});

describe('engine close (child process)', () => {
  it('exits by itself after EngineServer.close() and http server close: no handle left', async function () {
    this.timeout(20000);
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const script = fileURLToPath(new URL('./fixtures/close-exits.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions', 'rtio-source', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 15000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(guard);
    expect(output).to.include('closed');
    expect(code, output).to.equal(0);
  });
});
