// Upgrade polling → WebSocket: probe, noop release, switch, ordering, abandon and refusal.
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import type { EngineSession } from '../../src/engine/index.js';
import { Disposer, RawPolling, RawWebSocket, UpgradeRejectedError, type PollingSession } from '../helpers/index.js';
import { nextRequest, record, startEngine, within, type Started } from './setup.js';

interface Probing {
  poll: PollingSession;
  ws: RawWebSocket;
  session: EngineSession;
  events: string[];
}

/** Polling handshake, then a WebSocket with the sid that has exchanged 2probe/3probe. */
async function probe(disposer: Disposer, started: Started): Promise<Probing> {
  const poll = disposer.add(await RawPolling.handshake(started.baseUrl));
  const session = await started.sessions.next();
  const { events } = record(session);
  const ws = disposer.add(await RawWebSocket.connect(started.baseUrl, { sid: poll.sid }));
  ws.send('2probe');
  expect(await ws.frames.next()).to.equal('3probe');
  return { poll, ws, session, events };
}

async function rejected(promise: Promise<RawWebSocket>): Promise<UpgradeRejectedError> {
  const error = await promise.then(
    async (client) => {
      await client.close();
      return new Error('the upgrade was accepted');
    },
    (e: unknown) => e,
  );
  if (error instanceof UpgradeRejectedError) return error;
  throw error;
}

/** The `4` messages of a polling body. */
function messagesOf(body: string): string[] {
  return body
    .split('\x1e')
    .filter((record) => record.startsWith('4'))
    .map((record) => record.slice(1));
}

describe('engine upgrade', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('probes, releases the held GET with a noop, switches on 5 and flushes the buffer over WebSocket', async () => {
    const started = await startEngine(disposer);
    const poll = disposer.add(await RawPolling.handshake(started.baseUrl));
    const session = await started.sessions.next();
    const { events, messages } = record(session);
    const arrived = nextRequest(started.httpServer);
    const held = poll.get();
    await arrived;
    const ws = disposer.add(await RawWebSocket.connect(started.baseUrl, { sid: poll.sid }));
    ws.send('2probe');
    expect(await ws.frames.next()).to.equal('3probe');
    expect((await held).body).to.equal('6');
    expect(events).to.include('upgrading');
    session.send('during');
    ws.send('5');
    expect(await ws.frames.next()).to.equal('4during');
    expect(session.transportName).to.equal('websocket');
    expect(session.upgraded).to.equal(true);
    expect(events.filter((e) => e === 'upgrade')).to.have.length(1);
    ws.send('4after');
    expect(await messages.next()).to.equal('after');
    const late = await poll.get();
    expect(late.status).to.equal(400);
    expect(JSON.parse(late.body)).to.deep.equal({ code: 3, message: 'Bad request' });
  });

  it('answers a GET that arrives while upgrading with a noop within 100 ms', async () => {
    const clock = new ManualClock();
    const started = await startEngine(disposer, { clock });
    const { poll } = await probe(disposer, started);
    const arrived = nextRequest(started.httpServer);
    const get = poll.get();
    await arrived;
    clock.advance(100);
    expect((await get).body).to.equal('6');
  });

  it('answers a GET that arrives while upgrading with queued packets when there are some', async () => {
    const started = await startEngine(disposer);
    const { poll, session } = await probe(disposer, started);
    session.send('queued');
    expect(messagesOf((await poll.get()).body)).to.deep.equal(['queued']);
  });

  it('loses and reorders nothing when messages flow both ways during the upgrade', async () => {
    const started = await startEngine(disposer);
    const total = 300;
    const poll = disposer.add(await RawPolling.handshake(started.baseUrl));
    const session = await started.sessions.next();
    const fromClient = record(session).messages;
    let sent = 0;
    const pump = setInterval(() => {
      for (let i = 0; i < 3 && sent < total; i++) session.send(`s${sent++}`);
      if (sent === total) clearInterval(pump);
    }, 1);
    disposer.add(() => clearInterval(pump));

    const received: string[] = [];
    let clientSent = 0;
    let paused = false;
    const pollLoop = (async () => {
      while (!paused) received.push(...messagesOf((await poll.get({ timeoutMs: 5000 })).body));
    })();
    const postLoop = (async () => {
      while (!paused) await poll.post(`4c${clientSent++}\x1e4c${clientSent++}`);
    })();
    while (received.length < 30) await new Promise((resolve) => setImmediate(resolve));

    const ws = disposer.add(await RawWebSocket.connect(started.baseUrl, { sid: poll.sid }));
    ws.send('2probe');
    expect(await ws.frames.next()).to.equal('3probe');
    paused = true;
    await Promise.all([pollLoop, postLoop]);
    ws.send('5');
    for (let i = 0; i < 20; i++) ws.send(`4c${clientSent++}`);

    while (received.length < total) {
      const frame = await ws.frames.waitFor((f) => typeof f === 'string' && f.startsWith('4'), 5000, 'a message');
      received.push((frame as string).slice(1));
    }
    expect(received).to.deep.equal(Array.from({ length: total }, (_, i) => `s${i}`));
    const got: Array<string | Buffer> = [];
    while (got.length < clientSent) got.push(await fromClient.next());
    expect(got).to.deep.equal(Array.from({ length: clientSent }, (_, i) => `c${i}`));
    expect(session.transportName).to.equal('websocket');
  });

  it('abandons the upgrade when 5 does not come within upgradeTimeout, and stays on polling', async () => {
    const clock = new ManualClock();
    const started = await startEngine(disposer, { clock, upgradeTimeout: 5000 });
    const { poll, ws, session } = await probe(disposer, started);
    clock.advance(5000);
    await within(ws.closed, 'the probe socket to close');
    expect(session.transportName).to.equal('polling');
    expect(session.readyState).to.equal('open');
    session.send('still here');
    expect(messagesOf((await poll.get()).body)).to.deep.equal(['still here']);
    const again = disposer.add(await RawWebSocket.connect(started.baseUrl, { sid: poll.sid }));
    again.send('2probe');
    expect(await again.frames.next()).to.equal('3probe');
  });

  it('abandons the upgrade when another packet arrives on the probe', async () => {
    const started = await startEngine(disposer);
    const { poll, ws, session } = await probe(disposer, started);
    ws.send('4sneaky');
    await within(ws.closed, 'the probe socket to close');
    expect(session.transportName).to.equal('polling');
    expect((await poll.post('4fine')).status).to.equal(200);
  });

  it('abandons the upgrade when 5 comes without a probe', async () => {
    const started = await startEngine(disposer);
    const poll = disposer.add(await RawPolling.handshake(started.baseUrl));
    const session = await started.sessions.next();
    const ws = disposer.add(await RawWebSocket.connect(started.baseUrl, { sid: poll.sid }));
    ws.send('5');
    await within(ws.closed, 'the probe socket to close');
    expect(session.transportName).to.equal('polling');
  });

  it('refuses an upgrade for a websocket session, a session already upgrading, or when allowUpgrades is false', async () => {
    const started = await startEngine(disposer);
    const wsOnly = disposer.add(await RawWebSocket.connect(started.baseUrl));
    const { sid } = await wsOnly.handshake();
    expect((await rejected(RawWebSocket.connect(started.baseUrl, { sid }))).status).to.equal(400);
    await started.sessions.next();

    const { poll } = await probe(disposer, started);
    const second = await rejected(RawWebSocket.connect(started.baseUrl, { sid: poll.sid }));
    expect(second.status).to.equal(400);
    expect(second.body).to.equal('Bad request');

    const locked = await startEngine(disposer, { allowUpgrades: false });
    const lockedPoll = disposer.add(await RawPolling.handshake(locked.baseUrl));
    expect((await rejected(RawWebSocket.connect(locked.baseUrl, { sid: lockedPoll.sid }))).status).to.equal(400);
  });

  it('keeps the session when the probe socket is dropped', async () => {
    const started = await startEngine(disposer);
    const { poll, ws, session, events } = await probe(disposer, started);
    await ws.terminate();
    session.send('after drop');
    expect(messagesOf((await poll.get()).body)).to.deep.equal(['after drop']);
    expect(events).to.not.include('close');
  });
});
