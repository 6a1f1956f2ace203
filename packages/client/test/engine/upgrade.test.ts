// Upgrade polling → websocket: nothing lost or reordered; refusals leave polling running.
import { expect } from 'chai';
import type { Duplex } from 'node:stream';
import { Disposer, Queue, client, connect, describeData, once, startEngine } from './helpers.js';

/** Yields to the event loop (spreads sends across ticks; it waits for nothing). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('engine: upgrade', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('upgrades to websocket with numbered messages both ways, none lost or reordered', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const socket = client(disposer, baseUrl);
    const events: string[] = [];
    // Both events hand over the transport object, as engine.io-client does; after 'upgrade' it is engine.transport.
    socket.on('upgrading', (transport) => events.push(`upgrading:${transport.name}`));
    socket.on('upgrade', (transport) => events.push(`upgrade:${transport.name}:${String(transport === socket.transport)}`));
    const fromServer: string[] = [];
    socket.on('message', (data) => fromServer.push(describeData(data)));
    await connect(socket);
    expect(socket.transport?.name).to.equal('polling');
    const session = await sessions.next();
    const atServer: string[] = [];
    const serverDone = new Queue<void>();
    let serverSent = 0;
    // Each client message is answered with the next server number; more go out while upgrading.
    session.on('message', (data) => {
      atServer.push(describeData(data));
      session.send(`s${serverSent++}`);
      if (data === 'end') serverDone.push();
    });
    session.on('upgrading', () => {
      for (let i = 0; i < 10; i++) session.send(`s${serverSent++}`);
    });

    let sent = 0;
    let upgradedAt = -1;
    socket.on('upgrade', () => (upgradedAt = sent));
    while (upgradedAt === -1 || sent < upgradedAt + 50) {
      socket.send(`c${sent++}`);
      if (sent % 3 === 0) socket.send(`c${sent++}`);
      await turn();
      if (sent > 5000) throw new Error('no upgrade after 5000 messages');
    }
    socket.send('end');
    await serverDone.next();
    const lastReply = `s${serverSent - 1}`;
    while (fromServer.at(-1) !== lastReply) await once(socket, 'message');

    expect(events).to.deep.equal(['upgrading:websocket', 'upgrade:websocket:true']);
    expect(upgradedAt).to.be.greaterThan(0);
    expect(socket.transport?.name).to.equal('websocket');
    expect(session.transportName).to.equal('websocket');
    expect(atServer).to.deep.equal([...Array.from({ length: sent }, (_, i) => `c${i}`), 'end']);
    expect(fromServer).to.deep.equal(Array.from({ length: serverSent }, (_, i) => `s${i}`));
  });

  it('does not probe when the server offers no upgrade', async () => {
    const { baseUrl, sessions } = await startEngine(disposer, { transports: ['polling'] });
    const socket = client(disposer, baseUrl);
    socket.on('upgrading', () => expect.fail('no upgrade was offered'));
    await connect(socket);
    const session = await sessions.next();
    session.on('message', (data) => session.send(data));
    for (let i = 0; i < 3; i++) {
      const echo = once<[unknown]>(socket, 'message');
      socket.send(`m${i}`);
      expect((await echo)[0]).to.equal(`m${i}`);
    }
    expect(socket.transport?.name).to.equal('polling');
  });

  it('stays on polling when the websocket upgrade request is destroyed', async () => {
    const { baseUrl, sessions, server } = await startEngine(disposer);
    server.removeAllListeners('upgrade');
    const refused = new Queue<void>();
    server.on('upgrade', (_req, raw: Duplex) => {
      raw.destroy();
      refused.push();
    });
    const socket = client(disposer, baseUrl);
    socket.on('upgrading', () => expect.fail('the probe cannot succeed'));
    await connect(socket);
    const session = await sessions.next();
    session.on('message', (data) => session.send(`echo:${String(data)}`));
    await refused.next();
    for (let i = 0; i < 5; i++) {
      const echo = once<[unknown]>(socket, 'message');
      socket.send(`m${i}`);
      expect((await echo)[0]).to.equal(`echo:m${i}`);
    }
    expect(socket.readyState).to.equal('open');
    expect(socket.transport?.name).to.equal('polling');
    expect(session.transportName).to.equal('polling');
  });

  it('with rememberUpgrade, starts on websocket once an upgrade succeeded', async () => {
    const { baseUrl } = await startEngine(disposer);
    const first = client(disposer, baseUrl);
    const upgraded = once(first, 'upgrade');
    await connect(first);
    await upgraded;
    const second = client(disposer, baseUrl, { rememberUpgrade: true });
    await connect(second);
    expect(second.transport?.name).to.equal('websocket');
    const third = client(disposer, baseUrl, { rememberUpgrade: false, upgrade: false });
    await connect(third);
    expect(third.transport?.name).to.equal('polling');
  });
});
