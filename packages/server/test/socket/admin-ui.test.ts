// @socket.io/admin-ui on rtio: instrument(io) runs, and its /admin namespace tells a dashboard
// (here a socket.io-client on /admin) what the real one shows: sockets with their transport and
// rooms, events both ways, server stats, and it acts on the app (emit, join, disconnect).
import { instrument } from '@socket.io/admin-ui';
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { connect, createSocket, waitConnected, type ClientSocket } from './support/server-under-test.js';
import { nextEvent, within } from './support/events.js';
import { startServer } from './support/server-under-test.js';

interface SerializedSocket {
  id: string;
  clientId: string;
  transport: string;
  nsp: string;
  data: Record<string, unknown>;
  handshake: { address: string; headers: Record<string, string>; query: Record<string, string> };
  rooms: string[];
}

interface ServerStats {
  clientsCount: number;
  pollingClientsCount: number;
  namespaces: Array<{ name: string; socketsCount: number }>;
  aggregatedEvents: Array<{ type: string; subType?: string; count: number }>;
}

/** Collects every event the dashboard receives, and waits for the next one matching a test. */
class Dashboard {
  readonly seen: unknown[][] = [];
  private waiters: Array<{ test: (args: unknown[]) => boolean; resolve: (args: unknown[]) => void }> = [];

  constructor(readonly client: ClientSocket) {
    client.onAny((...args: unknown[]) => {
      this.seen.push(args);
      for (const waiter of [...this.waiters]) {
        if (!waiter.test(args)) continue;
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(args);
      }
    });
  }

  /** The next event named `event` (already seen ones count) for which `test` holds. */
  next(event: string, test: (args: unknown[]) => boolean = () => true): Promise<unknown[]> {
    const found = this.seen.find((args) => args[0] === event && test(args.slice(1)));
    if (found) return Promise.resolve(found.slice(1));
    return within(
      new Promise((resolve) => this.waiters.push({ test: (args) => args[0] === event && test(args.slice(1)), resolve: (args) => resolve(args.slice(1)) })),
      3000,
      `the dashboard's "${event}"`,
    );
  }
}

describe('ecosystem: @socket.io/admin-ui', function () {
  this.timeout(10_000);
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('reports sockets, rooms, events and stats to the dashboard, and acts on the app', async () => {
    const server = disposer.add(await startServer());
    server.io.use((socket, next) => {
      // Before the admin UI's own 'connection' listener (prepended), so its report shows them.
      socket.data.user = 'alice';
      socket.join('lobby');
      next();
    });
    server.io.on('connection', (socket) => {
      socket.on('chat', (text: string) => socket.emit('chat', `echo ${text}`));
    });
    instrument(server.io as unknown as Parameters<typeof instrument>[0], { auth: false, mode: 'development' });

    // Listening before the connection: the admin namespace greets right after it.
    const dashboard = new Dashboard(disposer.add(createSocket(server.url, '/admin', { mode: 'websocket' })));
    await waitConnected(dashboard.client);
    const [config] = (await dashboard.next('config')) as [{ supportedFeatures: string[] }];
    expect(config.supportedFeatures).to.include.members(['EMIT', 'JOIN', 'LEAVE', 'DISCONNECT', 'MJOIN', 'MLEAVE', 'MDISCONNECT', 'AGGREGATED_EVENTS', 'ALL_EVENTS']);
    const [allSockets] = (await dashboard.next('all_sockets')) as [SerializedSocket[]];
    expect(allSockets.map((s) => s.nsp)).to.deep.equal(['/admin']);

    const app = disposer.add(await connect(server.url, '/', { mode: 'upgrade', query: { room: 'x' } }));
    const [connected] = (await dashboard.next('socket_connected', ([s]) => (s as SerializedSocket).id === app.id)) as [SerializedSocket];
    expect(connected.nsp).to.equal('/');
    expect(connected.transport).to.equal('polling');
    expect(connected.clientId).to.equal(app.io.engine.id.slice(0, 12));
    expect(connected.data).to.deep.equal({ user: 'alice' });
    expect(connected.handshake.address).to.equal('127.0.0.1');
    expect(connected.handshake.query.room).to.equal('x');
    expect(connected.rooms.sort()).to.deep.equal([app.id, 'lobby'].sort());
    await dashboard.next('room_joined', ([nsp, room, id]) => nsp === '/' && room === 'lobby' && id === app.id);
    const [updated] = (await dashboard.next('socket_updated', ([u]) => (u as { transport?: string }).transport === 'websocket')) as [{ id: string }];
    expect(updated.id).to.equal(app.id);

    const echoed = nextEvent(app, 'chat');
    app.emit('chat', 'hi');
    await echoed;
    const [, receivedId, received] = await dashboard.next('event_received', ([nsp]) => nsp === '/');
    expect([receivedId, received]).to.deep.equal([app.id, ['chat', 'hi']]);
    const [, sentId, sent] = await dashboard.next('event_sent', ([nsp]) => nsp === '/');
    expect([sentId, sent]).to.deep.equal([app.id, ['chat', 'echo hi']]);

    // The dashboard's buttons: emit to a room, make sockets join a room, disconnect them.
    const announced = nextEvent(app, 'announce');
    dashboard.client.emit('emit', '/', 'lobby', 'announce', 'from the dashboard');
    expect(await announced).to.deep.equal(['from the dashboard']);
    dashboard.client.emit('join', '/', 'vip', 'lobby');
    await dashboard.next('room_joined', ([nsp, room, id]) => nsp === '/' && room === 'vip' && id === app.id);
    expect(server.io.of('/').sockets.get(app.id as string)?.rooms.has('vip')).to.equal(true);

    const [stats] = (await dashboard.next('server_stats', ([s]) => (s as ServerStats).clientsCount === 2)) as [ServerStats];
    expect(stats.namespaces).to.deep.include({ name: '/', socketsCount: 1 });
    expect(stats.namespaces).to.deep.include({ name: '/admin', socketsCount: 1 });
    expect(stats.pollingClientsCount).to.equal(0); // the app client upgraded

    const appId = app.id; // the client forgets it on disconnect
    const gone = nextEvent(app, 'disconnect');
    dashboard.client.emit('_disconnect', '/', false, 'lobby');
    expect((await gone)[0]).to.equal('io server disconnect');
    const [, disconnectedId, reason] = await dashboard.next('socket_disconnected', ([nsp]) => nsp === '/');
    expect([disconnectedId, reason]).to.deep.equal([appId, 'server namespace disconnect']);
    await dashboard.next('room_left', ([nsp, room, id]) => nsp === '/' && room === 'lobby' && id === appId);
    const [later] = (await dashboard.next('server_stats', ([s]) => (s as ServerStats).aggregatedEvents.length > 0)) as [ServerStats];
    expect(later.aggregatedEvents.map((e) => e.type)).to.include.members(['rawConnection', 'packetsIn', 'packetsOut', 'bytesIn', 'bytesOut']);
  });
});
