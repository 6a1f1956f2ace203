// The reconnection loop on a ManualClock: exact backoff delays (capped, then jittered with random 0.5),
// nothing before the clock moves, and the attempt counter reset by a successful reconnection.
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import { Disposer, FrameQueue } from '../../../server/test/helpers/index.js';
import type { Socket as ServerSocket } from '../../../server/src/index.js';
import { Manager, backoff } from '../../src/index.js';
import { MODES, modeOptions, next, type Mode } from './support/clients.js';
import { recordManager, until } from './support/manager-log.js';
import { closedPort, startRtio } from './support/servers.js';

/** reconnectionDelay 1000, max 5000, randomizationFactor 0.5, random 0.5: 1000·2^n capped at 5000, times 0.75. */
const SCHEDULE = [750, 1500, 3000, 3750, 3750, 3750];
const POLICY = { reconnectionDelay: 1000, reconnectionDelayMax: 5000, randomizationFactor: 0.5, random: () => 0.5 };

describe('client Manager: reconnection loop on a ManualClock', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  function manager(port: number, mode: Mode, clock: ManualClock): Manager {
    const m = new Manager(`http://127.0.0.1:${port}`, { ...modeOptions(mode), ...POLICY, clock, autoConnect: false });
    disposer.add(() => m.disconnect());
    return m;
  }

  /** Advances to one tick before `delay` (nothing may happen), then to it (the attempt starts at once). */
  function advanceTo(clock: ManualClock, log: FrameQueue<string>, delay: number, attempt: number): void {
    clock.advance(delay - 1);
    expect(log.drain(), `events 1 ms before attempt ${attempt}`).to.deep.equal([]);
    clock.advance(1);
    expect(log.drain(), `events at attempt ${attempt}`).to.deep.equal([`reconnect_attempt:${attempt}`]);
  }

  it('the schedule is the one backoff() computes', () => {
    expect(SCHEDULE.map((_, n) => backoff(n, { min: 1000, max: 5000, jitter: 0.5 }, () => 0.5))).to.deep.equal(SCHEDULE);
  });

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it('waits exactly the backoff delay before each attempt, and nothing happens until the clock moves', async () => {
        const clock = new ManualClock();
        const m = manager(await closedPort(), mode, clock);
        const log = recordManager(m);
        const socket = m.socket('/');
        socket.connect();
        expect(await log.next()).to.equal('error');
        for (const [n, delay] of SCHEDULE.entries()) {
          expect(clock.pending, `timers armed before attempt ${n + 1}`).to.equal(1);
          expect(log.size).to.equal(0);
          advanceTo(clock, log, delay, n + 1);
          expect(await log.next()).to.equal('error');
          expect(await log.next()).to.equal('reconnect_error');
        }
        expect(socket.connected).to.equal(false);
      });

      it('socket.disconnect() in a reconnect_attempt listener stops the reconnection: no attempt is opened', async () => {
        const clock = new ManualClock();
        const m = manager(await closedPort(), mode, clock);
        const log = recordManager(m);
        const socket = m.socket('/');
        m.on('reconnect_attempt', () => socket.disconnect());
        socket.connect();
        expect(await log.next()).to.equal('error');
        advanceTo(clock, log, SCHEDULE[0] as number, 1);
        expect(m.engine, 'no engine opened for the attempt').to.equal(undefined);
        expect(clock.pending, 'no timer left').to.equal(0);
        expect(socket.active).to.equal(false);
      });

      it('a successful reconnection resets the attempt counter', async () => {
        const port = await closedPort();
        const clock = new ManualClock();
        const m = manager(port, mode, clock);
        const log = recordManager(m);
        const socket = m.socket('/');
        socket.connect();
        expect(await log.next()).to.equal('error');
        for (const [n, delay] of SCHEDULE.slice(0, 2).entries()) {
          advanceTo(clock, log, delay, n + 1);
          expect([await log.next(), await log.next()]).to.deep.equal(['error', 'reconnect_error']);
        }
        const server = await startRtio(disposer, {}, port);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        server.io.on('connection', (s) => sockets.push(s));
        const connected = next(socket, 'connect');
        advanceTo(clock, log, SCHEDULE[2] as number, 3);
        expect([await log.next(), await log.next()]).to.deep.equal(['open', 'reconnect:3']);
        await connected;
        const first = await sockets.next();

        // drop the connection: the loop starts over at attempt 1, delay 750
        first.conn.close();
        expect(await log.next()).to.equal('close:transport close');
        advanceTo(clock, log, SCHEDULE[0] as number, 1);
        expect([await log.next(), await log.next()]).to.deep.equal(['open', 'reconnect:1']);
        await next(socket, 'connect');
        expect(socket.id).to.equal((await sockets.next()).id);
      });

      // Regression: connect() during a scheduled reconnection must keep the backoff.
      it('socket.connect() while a reconnection is scheduled does not open before the timer', async () => {
        const port = await closedPort();
        const clock = new ManualClock();
        const m = manager(port, mode, clock);
        const log = recordManager(m);
        const socket = m.socket('/');
        socket.connect();
        expect(await log.next()).to.equal('error');
        socket.connect(); // socket.io-client: a no-op while the Manager is reconnecting
        expect(m.engine, 'an engine opened outside the backoff schedule').to.equal(undefined);
      });

      // Regression: an attempt that finds the Manager open must clear the reconnecting state.
      it('socket.connect() while a reconnection is scheduled: a later drop still reconnects', async () => {
        const port = await closedPort();
        const clock = new ManualClock();
        const m = manager(port, mode, clock);
        const log = recordManager(m);
        const socket = m.socket('/');
        socket.connect();
        expect(await log.next()).to.equal('error');
        const server = await startRtio(disposer, {}, port);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        server.io.on('connection', (s) => sockets.push(s));
        const connected = next(socket, 'connect');
        socket.connect();
        clock.advance(SCHEDULE[0] as number);
        await connected;
        (await sockets.next()).conn.close();
        await until(log, 'close:transport close');
        expect(clock.pending, 'a reconnection timer after the drop').to.equal(1);
        const reconnected = next(socket, 'connect');
        clock.advance(SCHEDULE[0] as number);
        await reconnected;
      });
    });
  }
});
