// io.close() as in Socket.IO 4.8: it closes the http server it is attached to (a user's too), its
// callback gets that close's error, a second call is harmless, and listen() works again after it.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Server } from '../../src/index.js';
import { Disposer } from '../helpers/index.js';
import { nextEvent, within } from './support/events.js';
import { connect } from './support/server-under-test.js';

/** Resolves once a plain TCP server could listen on `port` (it is free), then frees it again. */
async function portIsFree(port: number): Promise<void> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => resolve());
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

function listening(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('socket layer: io.close()', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it("closes the user's http server too, after disconnecting its clients, and frees the port", async () => {
    const httpServer = http.createServer();
    const io = new Server(httpServer, { path: '/rt/' });
    disposer.add(() => io.close());
    const port = await listening(httpServer);
    const client = disposer.add(await connect(`http://127.0.0.1:${port}`));
    const gone = nextEvent(client, 'disconnect');
    const httpClosed = nextEvent(httpServer, 'close');
    await io.close();
    expect((await gone)[0]).to.equal('transport close');
    await within(httpClosed, 2000, "the user's http server to close");
    expect(httpServer.listening).to.equal(false);
    await portIsFree(port);
  });

  it('gives the callback ERR_SERVER_NOT_RUNNING when the http server was not listening, and still resolves', async () => {
    const io = new Server(http.createServer(), { path: '/rt/' });
    let error: (Error & { code?: string }) | undefined;
    await io.close((e) => (error = e));
    expect(error?.code).to.equal('ERR_SERVER_NOT_RUNNING');
  });

  it('can be called twice: the second call resolves and its callback reports the server already closed', async () => {
    const httpServer = http.createServer();
    const io = new Server(httpServer, { path: '/rt/' });
    await listening(httpServer);
    const errors: Array<Error | undefined> = [];
    await Promise.all([io.close((e) => errors.push(e)), io.close((e) => errors.push(e))]);
    await io.close((e) => errors.push(e));
    expect(errors).to.have.length(3);
    expect(errors.filter((e) => e === undefined)).to.have.length(1);
    expect(errors.filter((e) => (e as { code?: string } | undefined)?.code === 'ERR_SERVER_NOT_RUNNING')).to.have.length(2);
  });

  it('calls the callback without an error when there is no http server at all', async () => {
    const io = new Server({ path: '/rt/' });
    const called = await new Promise<unknown[]>((resolve) => void io.close((...args) => resolve(args)));
    expect(called).to.deep.equal([]);
  });

  it('listen() works again after close(), with a new engine that serves clients', async () => {
    const io = new Server(0, { path: '/rt/' });
    disposer.add(() => io.close());
    const firstEngine = io.engine;
    await io.close();
    io.listen(0);
    const server = io.httpServer as http.Server;
    if (!server.listening) await nextEvent(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    expect(io.engine).to.not.equal(firstEngine);
    io.on('connection', (socket) => socket.on('echo', (value: unknown, ack: (v: unknown) => void) => ack(value)));
    const client = disposer.add(await connect(`http://127.0.0.1:${port}`, '/', { mode: 'upgrade' }));
    expect(await client.timeout(2000).emitWithAck('echo', 'again')).to.equal('again');
    expect(io.engine.clientsCount).to.equal(1);
  });
});
