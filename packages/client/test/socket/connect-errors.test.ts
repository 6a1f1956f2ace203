// connect_error: refused by middleware (kind 'server', data, no retry), unknown namespace, closed port
// (kind 'network'), and an HTTP error with an Engine.IO JSON body (kind 'http', status, code).
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import { Disposer } from '../../../server/test/helpers/index.js';
import type { ConnectError } from '../../src/index.js';
import { MODES, client, managerOf, next } from './support/clients.js';
import { closedPort, startHttp, startRtio } from './support/servers.js';

describe('client socket: connect_error', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const mode of MODES) {
    describe(`over ${mode}`, () => {
      it("middleware next(err) with err.data: message, data, kind 'server'; the socket goes inactive and does not retry", async () => {
        const server = await startRtio(disposer);
        let calls = 0;
        server.io.use((_socket, next) => {
          calls++;
          next(Object.assign(new Error('not authorized'), { data: { reason: 'token expired', retry: false } }));
        });
        // manual timers: any retry would have to arm one, so "nothing pending" means "no retry"
        const clock = new ManualClock();
        const socket = client(disposer, server.url, mode, { clock });
        const [error] = await next<[ConnectError]>(socket, 'connect_error');
        expect(error).to.be.instanceOf(Error);
        expect(error.message).to.equal('not authorized');
        expect(error.data).to.deep.equal({ reason: 'token expired', retry: false });
        expect(error.kind).to.equal('server');
        expect(socket.active).to.equal(false);
        expect(socket.connected).to.equal(false);
        expect(calls).to.equal(1);
        expect(clock.pending, 'timers armed after a refusal').to.equal(0);
        expect(managerOf(socket).engine, 'the engine connection is released').to.equal(undefined);
      });

      it('namespace middleware reading socket.handshake.auth: refused, then accepted with a new auth', async () => {
        const server = await startRtio(disposer);
        server.io.of('/admin').use((socket, next) => (socket.handshake.auth.token === 'good' ? next() : next(new Error('bad token'))));
        let token = 'bad';
        const socket = client(disposer, `${server.url}/admin`, mode, { auth: (cb) => cb({ token }) });
        const [error] = await next<[ConnectError]>(socket, 'connect_error');
        expect(error.message).to.equal('bad token');
        expect(error.data).to.equal(undefined);
        token = 'good';
        socket.connect();
        await next(socket, 'connect');
        expect(socket.connected).to.equal(true);
      });

      it('an unknown namespace gives "Invalid namespace"', async () => {
        const server = await startRtio(disposer);
        const socket = client(disposer, `${server.url}/nope`, mode);
        const [error] = await next<[ConnectError]>(socket, 'connect_error');
        expect(error.message).to.equal('Invalid namespace');
        expect(error.kind).to.equal('server');
        expect(socket.active).to.equal(false);
      });

      it("a closed port gives kind 'network'", async () => {
        const port = await closedPort();
        const socket = client(disposer, `http://127.0.0.1:${port}`, mode, { reconnection: false });
        const [error] = await next<[ConnectError]>(socket, 'connect_error');
        expect(error).to.be.instanceOf(Error);
        expect(error.kind).to.equal('network');
        expect(error.status).to.equal(undefined);
      });

      it("a server that never answers gives connect_error with message 'timeout' (and kind 'timeout')", async () => {
        const held: Array<{ destroy(): void }> = [];
        const { url } = await startHttp(disposer, (req) => void held.push(req.socket));
        const socket = client(disposer, url, mode, { reconnection: false, timeout: 200 });
        const [error] = await next<[ConnectError]>(socket, 'connect_error');
        expect(error.message).to.equal('timeout');
        expect(error.kind).to.equal('timeout');
        for (const one of held) one.destroy();
      });

      it("an HTTP 400 with an Engine.IO JSON error gives kind 'http', status 400 (and the code over polling)", async () => {
        const { url, requests } = await startHttp(disposer, (_req, res) => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 3, message: 'Bad request' }));
        });
        const socket = client(disposer, url, mode, { reconnection: false });
        const [error] = await next<[ConnectError]>(socket, 'connect_error');
        expect(error.kind).to.equal('http');
        expect(error.status).to.equal(400);
        if (mode !== 'websocket') {
          expect(error.code).to.equal(3);
          expect(error.message).to.contain('Bad request');
        }
        expect(requests()).to.equal(1);
      });
    });
  }

  it("the rtio server refusing a transport: kind 'http', status 400, code 0 (Transport unknown)", async () => {
    const server = await startRtio(disposer, { transports: ['websocket'] });
    const socket = client(disposer, server.url, 'polling', { reconnection: false });
    const [error] = await next<[ConnectError]>(socket, 'connect_error');
    expect(error.kind).to.equal('http');
    expect(error.status).to.equal(400);
    expect(error.code).to.equal(0);
  });
});
