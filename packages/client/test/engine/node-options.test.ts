// Node-only client options through io(), against real servers: TLS (ca, rejectUnauthorized) to rtio and
// Socket.IO 4.8.3 over https, a custom agent carrying polling and the websocket, requestTimeout, perMessageDeflate.
import { expect } from 'chai';
import http from 'node:http';
import https from 'node:https';
import type { Socket as NetSocket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ManagerOptions as SioManagerOptions } from 'socket.io-client';
import { Disposer } from '../../../server/test/helpers/index.js';
import type { ConnectError, IoOptions } from '../../src/index.js';
import { EngineError } from '../../src/engine/index.js';
import { client, connected, managerOf, next } from '../socket/support/clients.js';
import { startHttp, startRtio } from '../socket/support/servers.js';
import { startSecure, type ServerKind } from './support/secure-servers.js';
import { selfSigned, type SelfSigned } from './support/self-signed.js';

/** An http.Agent that records the local port of every connection it makes. */
class CountingAgent extends http.Agent {
  readonly localPorts = new Set<number>();
  override createConnection(...args: Parameters<http.Agent['createConnection']>): Duplex {
    const socket = super.createConnection(...args) as NetSocket;
    socket.once('connect', () => this.localPorts.add(socket.localPort as number));
    return socket;
  }
}

/** The remote ports of the requests and upgrades `server` receives, recorded before anyone handles them. */
function remotePorts(server: http.Server): { requests: number[]; upgrades: number[] } {
  const seen = { requests: [] as number[], upgrades: [] as number[] };
  server.prependListener('request', (req: http.IncomingMessage) => seen.requests.push(req.socket.remotePort as number));
  server.prependListener('upgrade', (req: http.IncomingMessage) => seen.upgrades.push(req.socket.remotePort as number));
  return seen;
}

describe('client: Node-only options', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it("types: socket.io-client's typing of these options is accepted, and so are Node's own values (Buffer, Agent)", () => {
    type SioNodeOptions = Pick<Partial<SioManagerOptions>, 'agent' | 'pfx' | 'key' | 'passphrase' | 'cert' | 'ca' | 'ciphers' | 'rejectUnauthorized' | 'perMessageDeflate' | 'requestTimeout' | 'autoUnref'>;
    const sioTyped: SioNodeOptions = { agent: false, pfx: 'pfx', key: 'pem', passphrase: 'p', cert: 'pem', ca: ['pem'], ciphers: 'HIGH', rejectUnauthorized: true, perMessageDeflate: { threshold: 512 }, requestTimeout: 1000, autoUnref: true };
    const agent = new https.Agent();
    disposer.add(() => agent.destroy());
    const nodeTyped: IoOptions = { agent, ca: Buffer.from('pem'), key: [{ pem: Buffer.from('pem'), passphrase: 'p' }], pfx: [{ buf: Buffer.from('pfx') }] };
    const fromSio: IoOptions = sioTyped; // the compile-time half of this test
    const socket = client(disposer, 'http://127.0.0.1:9', 'polling', { ...fromSio, ...nodeTyped, autoConnect: false });
    expect(managerOf(socket).opts).to.include({ agent, requestTimeout: 1000, autoUnref: true, ciphers: 'HIGH', perMessageDeflate: sioTyped.perMessageDeflate });
  });

  describe('TLS over https', () => {
    let tls: SelfSigned;
    before(() => (tls = selfSigned()));

    for (const kind of ['rtio', 'socket.io'] as ServerKind[]) {
      for (const mode of ['polling', 'websocket'] as const) {
        describe(`${kind} server, ${mode}`, () => {
          it('ca: the self-signed certificate is trusted and the socket connects', async () => {
            const url = await startSecure(disposer, kind, tls);
            const socket = client(disposer, url, mode, { ca: tls.cert, upgrade: false });
            await connected(socket);
            expect(socket.connected).to.equal(true);
            expect(managerOf(socket).engine?.transport?.name).to.equal(mode);
          });

          it("without ca: a connect_error of kind 'network' naming the certificate problem", async () => {
            const url = await startSecure(disposer, kind, tls);
            const socket = client(disposer, url, mode, { reconnection: false });
            const [error] = await next<[ConnectError]>(socket, 'connect_error');
            expect(error.kind).to.equal('network');
            expect(error.message).to.match(/SELF_SIGNED/);
            expect(socket.connected).to.equal(false);
          });

          it('rejectUnauthorized: false connects without ca', async () => {
            const url = await startSecure(disposer, kind, tls);
            const socket = client(disposer, url, mode, { rejectUnauthorized: false, upgrade: false });
            await connected(socket);
            expect(socket.connected).to.equal(true);
          });
        });
      }
    }
  });

  describe('agent', () => {
    it('polling: every request reaches the server over a connection the agent made', async () => {
      const server = await startRtio(disposer);
      const seen = remotePorts(server.httpServer);
      const agent = new CountingAgent();
      disposer.add(() => agent.destroy());
      const socket = client(disposer, server.url, 'polling', { agent });
      await connected(socket);
      expect(seen.requests.length, 'polling requests').to.be.greaterThan(0);
      for (const port of seen.requests) expect(agent.localPorts, `request from port ${port}`).to.include(port);
    });

    it('websocket: the upgrade request comes over a connection the agent made', async () => {
      const server = await startRtio(disposer);
      const seen = remotePorts(server.httpServer);
      const agent = new CountingAgent();
      disposer.add(() => agent.destroy());
      const socket = client(disposer, server.url, 'websocket', { agent });
      await connected(socket);
      expect(seen.upgrades).to.have.length(1);
      expect(agent.localPorts).to.include(seen.upgrades[0]);
    });
  });

  describe('requestTimeout', () => {
    it("a handshake the server never answers fails with a connect_error of kind 'network' naming requestTimeout", async () => {
      const server = await startHttp(disposer, () => {}); // never answers
      // The handshake timeout is far longer: only requestTimeout can end the request in time.
      const socket = client(disposer, server.url, 'polling', { requestTimeout: 50, timeout: 5000, reconnection: false });
      const [error] = await next<[ConnectError]>(socket, 'connect_error');
      expect(error).to.be.instanceOf(EngineError);
      expect(error.kind).to.equal('network');
      expect(error.message).to.include('requestTimeout');
      expect(server.requests()).to.equal(1);
    });

    it("a long-poll held past requestTimeout (the server holds it up to pingInterval) disconnects with 'transport error'", async () => {
      const server = await startRtio(disposer);
      const socket = client(disposer, server.url, 'polling', { requestTimeout: 500, reconnection: false });
      await connected(socket);
      const [reason, details] = await next<[string, Error]>(socket, 'disconnect');
      expect(reason).to.equal('transport error');
      expect(details.message).to.include('requestTimeout');
    });
  });

  describe('perMessageDeflate', () => {
    async function offeredExtensions(perMessageDeflate?: false): Promise<string | undefined> {
      const server = await startRtio(disposer);
      const offered = new Promise<string | undefined>((resolve) =>
        server.httpServer.prependListener('upgrade', (req: http.IncomingMessage) => resolve(req.headers['sec-websocket-extensions'])),
      );
      await connected(client(disposer, server.url, 'websocket', perMessageDeflate === undefined ? {} : { perMessageDeflate }));
      return offered;
    }

    it('unset: the websocket offers permessage-deflate (ws default, as socket.io-client)', async () => {
      expect(await offeredExtensions()).to.match(/^permessage-deflate/);
    });

    it('false: the websocket offers no extension', async () => {
      expect(await offeredExtensions(false)).to.equal(undefined);
    });
  });
});
