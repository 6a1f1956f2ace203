// Multiplexing: namespaces of one origin share a Manager and one engine connection unless told not to.
import { expect } from 'chai';
import { FrameQueue, Disposer } from '../../../server/test/helpers/index.js';
import type { Socket as ServerSocket } from '../../../server/src/index.js';
import { io, type Socket } from '../../src/index.js';
import { MODES, closeClient, connected, modeOptions, within, type Mode } from './support/clients.js';
import { startRtio } from './support/servers.js';

describe('client socket: multiplexing', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  function shared(url: string, mode: Mode, extra: Parameters<typeof io>[1] = {}): Socket {
    const socket = io(url, { forceNew: false, reconnectionDelay: 10, reconnectionDelayMax: 50, ...modeOptions(mode), ...extra });
    disposer.add(() => closeClient(socket));
    return socket;
  }

  for (const mode of MODES) {
    it(`two namespaces share one Manager and one engine connection over ${mode}`, async () => {
      const server = await startRtio(disposer);
      const sockets = new FrameQueue<ServerSocket>('server socket');
      server.io.on('connection', (s) => sockets.push(s));
      server.io.of('/admin').on('connection', (s) => sockets.push(s));
      const a = shared(server.url, mode);
      const b = shared(`${server.url}/admin`, mode);
      expect(a.io).to.equal(b.io);
      await Promise.all([connected(a), connected(b)]);
      const [first, second] = [await sockets.next(), await sockets.next()];
      expect([first.nsp.name, second.nsp.name].sort()).to.deep.equal(['/', '/admin']);
      expect(first.conn.id).to.equal(second.conn.id);
      expect(server.io.engine.clientsCount).to.equal(1);

      // leaving one namespace keeps the connection for the other
      const root = first.nsp.name === '/' ? first : second;
      const admin = root === first ? second : first;
      const left = new Promise<unknown[]>((resolve) => root.once('disconnect', (...args: unknown[]) => resolve(args)));
      const heard = new Promise<unknown[]>((resolve) => admin.once('still-here', (...args: unknown[]) => resolve(args)));
      a.disconnect();
      b.emit('still-here', 1);
      expect((await within(left, 2000, 'the root socket to leave'))[0]).to.equal('client namespace disconnect');
      expect(await within(heard, 2000, '"still-here" on /admin')).to.deep.equal([1]);
      expect(b.connected).to.equal(true);
      expect(server.io.engine.clientsCount).to.equal(1);
    });
  }

  it('a second io() for a namespace already on the cached Manager gets a new Manager', async () => {
    const server = await startRtio(disposer);
    const a = shared(server.url, 'websocket');
    const b = shared(server.url, 'websocket');
    expect(a.io).to.not.equal(b.io);
    await Promise.all([connected(a), connected(b)]);
    expect(a.id).to.not.equal(b.id);
  });

  it('multiplex: false gives a new Manager and a second engine connection', async () => {
    const server = await startRtio(disposer);
    const sockets = new FrameQueue<ServerSocket>('server socket');
    server.io.on('connection', (s) => sockets.push(s));
    server.io.of('/admin').on('connection', (s) => sockets.push(s));
    const a = shared(server.url, 'websocket');
    const b = shared(`${server.url}/admin`, 'websocket', { multiplex: false });
    expect(a.io).to.not.equal(b.io);
    await Promise.all([connected(a), connected(b)]);
    const [first, second] = [await sockets.next(), await sockets.next()];
    expect(first.conn.id).to.not.equal(second.conn.id);
  });

  it('forceNew: true gives a new Manager even for another namespace', async () => {
    const server = await startRtio(disposer);
    server.io.of('/admin');
    const a = shared(server.url, 'websocket');
    const b = shared(`${server.url}/admin`, 'websocket', { forceNew: true });
    expect(a.io).to.not.equal(b.io);
    await Promise.all([connected(a), connected(b)]);
  });
});
