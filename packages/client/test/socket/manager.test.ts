// Manager events and reconnection over the network: open, close, reconnect_attempt, reconnect,
// reconnect_error, reconnect_failed; reconnection after the rtio server restarts on the same port.
import { expect } from 'chai';
import { Disposer } from '../../../server/test/helpers/index.js';
import type { Socket as ServerSocket } from '../../../server/src/index.js';
import { FrameQueue } from '../../../server/test/helpers/index.js';
import { Manager } from '../../src/index.js';
import { MODES, client, managerOf, modeOptions, next } from './support/clients.js';
import { recordManager, until } from './support/manager-log.js';
import { closedPort, startRtio } from './support/servers.js';
import { serverNext } from './support/pairs.js';

describe('client Manager: events and reconnection', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it('open, then close / reconnect_attempt / open / reconnect when the server drops the connection', async () => {
        const server = await startRtio(disposer);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        server.io.on('connection', (s) => sockets.push(s));
        const socket = client(disposer, server.url, mode);
        const log = recordManager(managerOf(socket));
        expect(await log.next()).to.equal('open');
        await next(socket, 'connect');
        const first = await sockets.next();
        first.conn.close();
        expect(await until(log, 'reconnect:1')).to.deep.equal(['close:transport close', 'reconnect_attempt:1', 'open', 'reconnect:1']);
        await next(socket, 'connect');
        expect(socket.id).to.equal((await sockets.next()).id);
      });

      it('reconnect_error per failed attempt, then reconnect_failed after reconnectionAttempts: 2 (closed port)', async () => {
        const port = await closedPort();
        const socket = client(disposer, `http://127.0.0.1:${port}`, mode, { reconnectionAttempts: 2 });
        const errors: unknown[] = [];
        socket.on('connect_error', (error) => void errors.push(error));
        const log = recordManager(managerOf(socket));
        expect(await until(log, 'reconnect_failed')).to.deep.equal([
          'error',
          'reconnect_attempt:1',
          'error',
          'reconnect_error',
          'reconnect_attempt:2',
          'error',
          'reconnect_error',
          'reconnect_failed',
        ]);
        expect(errors).to.have.length(3);
        expect(socket.connected).to.equal(false);
      });

      it('reconnects after the rtio server restarts on the same port, and can emit again', async () => {
        const first = await startRtio(disposer);
        const socket = client(disposer, first.url, mode);
        await next(socket, 'connect');
        // upgrade mode: close once on websocket (Node polling can connect before the upgrade; a polling client's next GET may be cut then)
        const engine = managerOf(socket).engine;
        if (mode === 'upgrade' && engine?.transport?.name === 'polling') await next(engine, 'upgrade');
        const oldId = socket.id;
        const disconnected = next<[string]>(socket, 'disconnect');
        await first.close();
        // polling: the held GET is cut as the server goes away; socket.io-client 4.8.3 also says 'transport error' then
        expect((await disconnected)[0]).to.be.oneOf(mode === 'polling' ? ['transport error', 'transport close'] : ['transport close']);
        expect(socket.active).to.equal(true);

        const second = await startRtio(disposer, {}, first.port);
        const sockets = new FrameQueue<ServerSocket>('server socket');
        second.io.on('connection', (s) => sockets.push(s));
        const reconnected = next<[number]>(managerOf(socket), 'reconnect', 3000);
        await next(socket, 'connect', 3000);
        expect((await reconnected)[0]).to.be.a('number').and.at.least(1);
        const serverSocket = await sockets.next();
        expect(socket.id).to.equal(serverSocket.id).and.not.equal(oldId);
        const heard = serverNext(serverSocket, 'hello-again');
        socket.emit('hello-again', 'yes');
        expect(await heard).to.deep.equal(['yes']);
      });
    });
  }

  it('reconnection: false stays disconnected after a transport close', async () => {
    const server = await startRtio(disposer);
    const sockets = new FrameQueue<ServerSocket>('server socket');
    server.io.on('connection', (s) => sockets.push(s));
    const socket = client(disposer, server.url, 'websocket', { reconnection: false });
    const log = recordManager(managerOf(socket));
    await next(socket, 'connect');
    (await sockets.next()).conn.close();
    expect(await until(log, 'close:transport close')).to.deep.equal(['open', 'close:transport close']);
    expect(socket.connected).to.equal(false);
    expect(managerOf(socket).engine).to.equal(undefined);
  });

  it('a Manager built directly: socket(nsp) per namespace, manager.disconnect() closes with "io client disconnect"', async () => {
    const server = await startRtio(disposer);
    server.io.of('/admin');
    const manager = new Manager(server.url, { ...modeOptions('websocket'), autoConnect: false });
    disposer.add(() => manager.disconnect());
    const log = recordManager(manager);
    const root = manager.socket('/');
    const admin = manager.socket('/admin');
    expect(manager.socket('/admin')).to.equal(admin);
    root.connect();
    admin.connect();
    await Promise.all([next(root, 'connect'), next(admin, 'connect')]);
    const reasons = [next<[string]>(root, 'disconnect'), next<[string]>(admin, 'disconnect')];
    manager.disconnect();
    expect((await Promise.all(reasons)).map(([r]) => r)).to.deep.equal(['io client disconnect', 'io client disconnect']);
    expect(await until(log, 'close:io client disconnect')).to.deep.equal(['open', 'close:io client disconnect']);
  });

  it('socket(nsp) of a Manager with autoConnect connects the socket, as socket.io-client does', async () => {
    const server = await startRtio(disposer);
    server.io.of('/admin');
    const manager = new Manager(server.url, modeOptions('websocket'));
    disposer.add(() => manager.disconnect());
    const admin = manager.socket('/admin');
    expect(admin.active).to.equal(true);
    await next(admin, 'connect');
    admin.disconnect();
    expect(manager.socket('/admin').active, 'an inactive socket is connected again').to.equal(true);
    await next(admin, 'connect');
  });

  it('new Manager(url) takes the origin and the query of the URL, not its path', async () => {
    const server = await startRtio(disposer);
    const queries = new FrameQueue<Record<string, unknown>>('handshake query');
    server.io.on('connection', (socket) => queries.push(socket.handshake.query));
    const manager = new Manager(`${server.url}/some/page?team=red`, { ...modeOptions('polling'), query: { user: 'ann' } });
    disposer.add(() => manager.disconnect());
    expect(manager.uri).to.equal(server.url);
    manager.socket('/');
    const query = await queries.next();
    expect(query).to.include({ team: 'red', user: 'ann' });
  });

  it('new Manager(options) without a URL needs a page: in Node it says so', () => {
    expect(() => new Manager({ autoConnect: false })).to.throw(TypeError, /needs a URL outside a browser/);
  });
});
