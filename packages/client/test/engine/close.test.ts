// Closing: 'close' exactly once with the right reason, the server told, every timer and request released.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '@rtio/protocol';
import { Disposer, client, connect, once, startEngine, startRawWebSocket } from './helpers.js';

describe('engine: close', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const name of ['polling', 'websocket'] as const) {
    it(`close() over ${name}: 'forced close' once, queued messages and a close packet reach the server`, async () => {
      const { baseUrl, sessions } = await startEngine(disposer);
      const clock = new ManualClock();
      const socket = client(disposer, baseUrl, { transports: [name], clock });
      const reasons: string[] = [];
      socket.on('close', (reason) => reasons.push(reason));
      await connect(socket);
      const session = await sessions.next();
      const atServer: unknown[] = [];
      session.on('message', (data) => atServer.push(String(data)));
      const serverClosed = once<[string]>(session, 'close');
      socket.send('last words');
      socket.close();
      socket.close();
      expect(reasons).to.deep.equal(['forced close']);
      expect(socket.readyState).to.equal('closed');
      expect(clock.pending).to.equal(0);
      expect((await serverClosed)[0]).to.equal('transport close');
      expect(atServer).to.deep.equal(['last words']);
      socket.send('ignored');
    });

    it(`server close over ${name} → 'transport close'`, async () => {
      const { baseUrl, sessions } = await startEngine(disposer);
      const socket = client(disposer, baseUrl, { transports: [name], upgrade: false });
      await connect(socket);
      const closed = once<[string]>(socket, 'close');
      (await sessions.next()).close();
      expect((await closed)[0]).to.equal('transport close');
    });
  }

  it('close() during the handshake aborts it and emits close once', async () => {
    const { baseUrl } = await startEngine(disposer);
    const clock = new ManualClock();
    const socket = client(disposer, baseUrl, { clock });
    socket.on('open', () => expect.fail('closed before the handshake finished'));
    socket.on('error', () => expect.fail('no error after close()'));
    const closed = once<[string]>(socket, 'close');
    socket.open();
    expect(socket.readyState).to.equal('opening');
    socket.close();
    expect((await closed)[0]).to.equal('forced close');
    expect(socket.readyState).to.equal('closed');
    expect(clock.pending).to.equal(0);
  });

  it("a dropped websocket → 'transport error'; a clean close → 'transport close'", async () => {
    const { baseUrl, connections } = await startRawWebSocket(disposer);
    const open = '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000}';
    for (const [drop, expected] of [[true, 'transport error'], [false, 'transport close']] as const) {
      const socket = client(disposer, baseUrl, { transports: ['websocket'] });
      const opened = connect(socket);
      const ws = await connections.next();
      ws.send(open);
      await opened;
      const closed = once<[string]>(socket, 'close');
      if (drop) ws.terminate();
      else ws.close(1000);
      expect((await closed)[0]).to.equal(expected);
    }
  });

  it("a malformed packet from the server → 'parse error'", async () => {
    const { baseUrl, connections } = await startRawWebSocket(disposer);
    const socket = client(disposer, baseUrl, { transports: ['websocket'] });
    const opened = connect(socket);
    const ws = await connections.next();
    ws.send('0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000}');
    await opened;
    const closed = once<[string]>(socket, 'close');
    ws.send('z?');
    expect((await closed)[0]).to.equal('parse error');
  });

  it('a process that opens, upgrades and closes exits by itself', async function () {
    const fixture = fileURLToPath(new URL('./fixtures/open-and-close.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions', 'rtio-source', fixture], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const [code] = await once<[number]>(child, 'exit');
    expect(output.trim()).to.equal('upgraded closed');
    expect(code).to.equal(0);
  });
});
