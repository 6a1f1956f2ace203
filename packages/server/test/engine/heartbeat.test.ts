// Heartbeat: the state machine on a ManualClock, and ping timeouts of real sessions without sleeping.
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import { Heartbeat } from '../../src/engine/index.js';
import { Disposer, RawPolling, RawWebSocket } from '../helpers/index.js';
import { record, startEngine, within } from './setup.js';

describe('engine heartbeat', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  describe('Heartbeat', () => {
    function create(clock: ManualClock): { heartbeat: Heartbeat; log: string[] } {
      const log: string[] = [];
      const heartbeat = new Heartbeat(
        { clock, pingInterval: 100, pingTimeout: 50 },
        {
          heartbeatPing: () => log.push(`ping@${clock.now()}`),
          heartbeatTimeout: () => log.push(`timeout@${clock.now()}`),
        },
      );
      return { heartbeat, log };
    }

    it('pings every interval while pongs come back', () => {
      const clock = new ManualClock();
      const { heartbeat, log } = create(clock);
      heartbeat.start();
      clock.advance(100);
      expect(heartbeat.state).to.equal('awaiting-pong');
      clock.advance(10);
      expect(heartbeat.onPong()).to.equal(true);
      clock.advance(100);
      expect(log).to.deep.equal(['ping@100', 'ping@210']);
      expect(clock.pending).to.equal(1);
    });

    it('times out pingTimeout after a ping without pong, then holds no timer', () => {
      const clock = new ManualClock();
      const { heartbeat, log } = create(clock);
      heartbeat.start();
      clock.advance(1000);
      expect(log).to.deep.equal(['ping@100', 'timeout@150']);
      expect(heartbeat.state).to.equal('stopped');
      expect(clock.pending).to.equal(0);
    });

    it('keeps each heartbeat on its own schedule with one timer per wait for all of them', () => {
      const clock = new ManualClock();
      const timing = { clock, pingInterval: 100, pingTimeout: 50 };
      const log: string[] = [];
      const make = (name: string) =>
        new Heartbeat(timing, {
          heartbeatPing: () => log.push(`${name} ping@${clock.now()}`),
          heartbeatTimeout: () => log.push(`${name} timeout@${clock.now()}`),
        });
      const [a, b, c] = [make('a'), make('b'), make('c')];
      a.start();
      clock.advance(30);
      b.start();
      clock.advance(30);
      c.start();
      expect(clock.pending, 'one timer for the three resting heartbeats').to.equal(1);
      clock.advance(40); // a pings at 100
      a.onPong();
      clock.advance(30); // b pings at 130
      c.stop(); // c leaves before its ping at 160
      clock.advance(40); // 170: b's pong is missing but not late yet
      expect(clock.pending).to.be.at.most(2);
      clock.advance(20); // b times out at 180
      clock.advance(10); // a pings again at 200
      expect(log).to.deep.equal(['a ping@100', 'b ping@130', 'b timeout@180', 'a ping@200']);
      expect([a.state, b.state, c.state]).to.deep.equal(['awaiting-pong', 'stopped', 'stopped']);
      a.stop();
      expect(clock.pending, 'nothing waits: no timer keeps the process alive').to.equal(0);
    });

    it('ignores unexpected pongs and releases its timer on stop', () => {
      const clock = new ManualClock();
      const { heartbeat } = create(clock);
      expect(heartbeat.onPong()).to.equal(false);
      heartbeat.start();
      expect(heartbeat.onPong()).to.equal(false);
      heartbeat.stop();
      expect(clock.pending).to.equal(0);
      heartbeat.start();
      expect(clock.pending).to.equal(0);
    });
  });

  it('pings a WebSocket client, emits heartbeat on pong, and closes with ping timeout when pongs stop', async () => {
    const clock = new ManualClock();
    const { baseUrl, sessions } = await startEngine(disposer, { clock, pingInterval: 1000, pingTimeout: 500 });
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    await client.handshake();
    const session = await sessions.next();
    const heartbeats = new Promise<void>((resolve) => session.once('heartbeat', resolve));
    const { closed } = record(session);
    clock.advance(1000);
    expect(await client.frames.next()).to.equal('2');
    await within(heartbeats, 'the pong');
    clock.advance(500);
    expect(session.readyState).to.equal('open');
    client.autoPong = false;
    clock.advance(500);
    expect(await client.frames.next()).to.equal('2');
    clock.advance(500);
    expect((await closed).reason).to.equal('ping timeout');
    await within(client.closed, 'the socket to close');
    expect(clock.pending).to.equal(0);
  });

  it('closes a polling session that never polls again after pingInterval + pingTimeout', async () => {
    const clock = new ManualClock();
    const { baseUrl, sessions, engine } = await startEngine(disposer, { clock, pingInterval: 1000, pingTimeout: 500 });
    disposer.add(await RawPolling.handshake(baseUrl));
    const { closed } = record(await sessions.next());
    clock.advance(1499);
    expect(engine.clientsCount).to.equal(1);
    clock.advance(1);
    expect((await closed).reason).to.equal('ping timeout');
    expect(engine.clientsCount).to.equal(0);
    expect(clock.pending).to.equal(0);
  });

  it('keeps a polling session alive when it answers pings with pongs', async () => {
    const clock = new ManualClock();
    const { baseUrl, sessions } = await startEngine(disposer, { clock, pingInterval: 1000, pingTimeout: 500 });
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const session = await sessions.next();
    const { events } = record(session);
    for (let round = 0; round < 3; round++) {
      clock.advance(1000);
      expect((await client.get()).body).to.equal('2');
      await client.post('3');
      clock.advance(499);
    }
    expect(events.filter((e) => e === 'heartbeat')).to.have.length(3);
    expect(session.readyState).to.equal('open');
  });

  it('closes a WebSocket session whose client sends a ping: the heartbeat goes server to client in Engine.IO 4', async () => {
    const { baseUrl, sessions, engine } = await startEngine(disposer);
    for (const ping of ['2', '2probe']) {
      const client = disposer.add(await RawWebSocket.connect(baseUrl));
      await client.handshake();
      const { closed } = record(await sessions.next());
      client.send(ping);
      const { reason, description } = await within(closed, 'the session to close');
      expect(reason).to.equal('transport error');
      expect((description as Error).message).to.equal('invalid heartbeat direction');
      await within(client.closed, 'the socket to close');
    }
    expect(engine.clientsCount).to.equal(0);
  });

  it('closes a polling session whose client posts a ping', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { closed } = record(await sessions.next());
    await client.post('2');
    const { reason, description } = await within(closed, 'the session to close');
    expect(reason).to.equal('transport error');
    expect((description as Error).message).to.equal('invalid heartbeat direction');
  });

  it('ignores open, upgrade and noop packets from the client on an established session, as Engine.IO does', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    await client.handshake();
    const session = await sessions.next();
    const { messages } = record(session);
    for (const packet of ['0', '0{}', '5', '6']) client.send(packet);
    client.send('4still open');
    expect(await messages.next()).to.equal('still open');
    expect(session.readyState).to.equal('open');
  });
});
