// Heartbeat: pings are answered; no ping within pingInterval + pingTimeout closes with 'ping timeout'.
import { expect } from 'chai';
import { ManualClock, type Clock } from '@rtio/protocol';
import { Disposer, client, connect, once, startEngine, startRawWebSocket } from './helpers.js';

const OPEN = '0{"sid":"raw-sid","upgrades":[],"pingInterval":1000,"pingTimeout":500,"maxPayload":1000000}';

describe('engine: heartbeat', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const name of ['polling', 'websocket'] as const) {
    it(`answers every ping over ${name} (server pingInterval 50, pingTimeout 50)`, async () => {
      const { baseUrl, sessions } = await startEngine(disposer, { pingInterval: 50, pingTimeout: 50 });
      const socket = client(disposer, baseUrl, { transports: [name] });
      await connect(socket);
      const session = await sessions.next();
      session.on('close', (reason) => expect.fail(`server closed the session: ${reason}`));
      socket.on('close', (reason) => expect.fail(`client closed: ${reason}`));
      let pongs = 0;
      session.on('heartbeat', () => pongs++);
      for (let i = 0; i < 6; i++) await once(socket, 'ping');
      await once(session, 'heartbeat');
      expect(pongs).to.be.at.least(6);
      expect(socket.readyState).to.equal('open');
      socket.removeAllListeners('close');
      session.removeAllListeners('close');
    });
  }

  it("closes with 'ping timeout' when the server never pings (ManualClock)", async () => {
    const { baseUrl, connections } = await startRawWebSocket(disposer);
    const clock = new ManualClock();
    const socket = client(disposer, baseUrl, { transports: ['websocket'], clock });
    const opened = connect(socket);
    const ws = await connections.next();
    ws.send(OPEN);
    await opened;
    expect(socket.id).to.equal('raw-sid');
    const serverSideClosed = once(ws, 'close');
    const closed = once<[string]>(socket, 'close');
    clock.advance(1499);
    expect(socket.readyState).to.equal('open');
    clock.advance(1);
    expect((await closed)[0]).to.equal('ping timeout');
    await serverSideClosed;
    expect(clock.pending).to.equal(0);
  });

  it('a ping re-arms the timer', async () => {
    const { baseUrl, connections } = await startRawWebSocket(disposer);
    const clock = new ManualClock();
    const socket = client(disposer, baseUrl, { transports: ['websocket'], clock });
    const opened = connect(socket);
    const ws = await connections.next();
    ws.send(OPEN);
    await opened;
    clock.advance(1400);
    const pong = once<[Buffer]>(ws, 'message');
    ws.send('2');
    expect(String((await pong)[0])).to.equal('3');
    clock.advance(1400);
    expect(socket.readyState).to.equal('open');
    const closed = once<[string]>(socket, 'close');
    clock.advance(100);
    expect((await closed)[0]).to.equal('ping timeout');
  });

  it('checks the wall clock before writing when timers are throttled', async () => {
    const { baseUrl, connections } = await startRawWebSocket(disposer);
    let now = 0;
    const throttled: Clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} }; // timers never fire
    const socket = client(disposer, baseUrl, { transports: ['websocket'], clock: throttled });
    const opened = connect(socket);
    const ws = await connections.next();
    ws.send(OPEN);
    await opened;
    ws.on('message', (data) => expect.fail(`nothing may be written after the deadline, got ${String(data)}`));
    const closed = once<[string]>(socket, 'close');
    now = 1501;
    socket.send('late');
    expect((await closed)[0]).to.equal('ping timeout');
  });
});
