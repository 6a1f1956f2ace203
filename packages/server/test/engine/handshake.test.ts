// Handshake over polling and WebSocket, and the Engine.IO error codes for bad requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { EngineServer } from '../../src/engine/index.js';
import { Disposer, RawPolling, RawWebSocket, UpgradeRejectedError, parseOpenPacket } from '../helpers/index.js';
import { closeHttpServer, startEngine } from './setup.js';

async function rejectedUpgrade(promise: Promise<RawWebSocket>): Promise<UpgradeRejectedError> {
  try {
    const client = await promise;
    await client.close();
  } catch (error) {
    if (error instanceof UpgradeRejectedError) return error;
    throw error;
  }
  throw new Error('the upgrade was accepted');
}

describe('engine handshake', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('answers a polling handshake with the open packet and text/plain, no-store headers', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    expect(client.response.status).to.equal(200);
    expect(client.response.headers['content-type']).to.equal('text/plain; charset=UTF-8');
    expect(client.response.headers['cache-control']).to.equal('no-store');
    expect(client.handshake).to.deep.equal({
      sid: client.sid,
      upgrades: ['websocket'],
      pingInterval: 25000,
      pingTimeout: 20000,
      maxPayload: 1e6,
    });
    expect(client.sid).to.match(/^[A-Za-z0-9_-]{20}$/);
    const session = await sessions.next();
    expect(session.id).to.equal(client.sid);
    expect(session.transportName).to.equal('polling');
    expect(session.readyState).to.equal('open');
    expect(session.upgraded).to.equal(false);
    expect(session.request.url).to.include('transport=polling');
  });

  it('gives every session a different id', async () => {
    const { baseUrl } = await startEngine(disposer);
    const a = disposer.add(await RawPolling.handshake(baseUrl));
    const b = disposer.add(await RawPolling.handshake(baseUrl));
    expect(a.sid).to.not.equal(b.sid);
  });

  it('offers no upgrade when allowUpgrades is false or websocket is disabled', async () => {
    const noUpgrades = await startEngine(disposer, { allowUpgrades: false });
    const a = disposer.add(await RawPolling.handshake(noUpgrades.baseUrl));
    expect(a.handshake.upgrades).to.deep.equal([]);
    const pollingOnly = await startEngine(disposer, { transports: ['polling'] });
    const b = disposer.add(await RawPolling.handshake(pollingOnly.baseUrl));
    expect(b.handshake.upgrades).to.deep.equal([]);
  });

  it('sends the configured values in the open packet', async () => {
    const { baseUrl } = await startEngine(disposer, { pingInterval: 300, pingTimeout: 200, maxHttpBufferSize: 5000 });
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    expect(client.handshake).to.include({ pingInterval: 300, pingTimeout: 200, maxPayload: 5000 });
  });

  it('puts messages sent in the connection handler in the handshake response', async () => {
    const { baseUrl, engine } = await startEngine(disposer);
    engine.on('connection', (session) => session.send('welcome'));
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    expect(client.response.body.split('\x1e').slice(1)).to.deep.equal(['4welcome']);
  });

  it('answers a WebSocket handshake with the open packet as first frame and no upgrades', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawWebSocket.connect(baseUrl));
    const open = await client.handshake();
    expect(open.upgrades).to.deep.equal([]);
    expect(open).to.include({ pingInterval: 25000, pingTimeout: 20000, maxPayload: 1e6 });
    const session = await sessions.next();
    expect(session.id).to.equal(open.sid);
    expect(session.transportName).to.equal('websocket');
  });

  it('lets the preHandler answer path requests first (e.g. /rt/client.js), and a throwing one gives 500', async () => {
    const httpServer = http.createServer();
    const engine = disposer.add(new EngineServer());
    engine.attach(httpServer, (req, res) => {
      if (req.url?.startsWith('/rt/boom')) throw new Error('boom');
      if (!req.url?.startsWith('/rt/client.js')) return false;
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end('// client');
      return true;
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    disposer.add(() => closeHttpServer(httpServer));
    const baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    const script = await disposer.add(new RawPolling(baseUrl, { path: '/rt/client.js' })).get();
    expect(script.body).to.equal('// client');
    expect((await disposer.add(new RawPolling(baseUrl, { path: '/rt/boom' })).get()).status).to.equal(500);
    disposer.add(await RawPolling.handshake(baseUrl));
  });

  describe('errors', () => {
    const cases: Array<{ title: string; query: Record<string, string | null>; method?: string; status: number; code: number; message: string }> = [
      { title: 'EIO=3', query: { EIO: '3' }, status: 400, code: 5, message: 'Unsupported protocol version' },
      { title: 'a missing EIO', query: { EIO: null }, status: 400, code: 5, message: 'Unsupported protocol version' },
      { title: 'an unknown transport', query: { transport: 'carrier-pigeon' }, status: 400, code: 0, message: 'Transport unknown' },
      { title: 'a missing transport', query: { transport: null }, status: 400, code: 0, message: 'Transport unknown' },
      { title: 'an unknown sid', query: { sid: 'nope' }, status: 400, code: 1, message: 'Session ID unknown' },
      { title: 'a POST handshake', query: {}, method: 'POST', status: 400, code: 2, message: 'Bad handshake method' },
      { title: 'a websocket handshake without Upgrade', query: { transport: 'websocket' }, status: 400, code: 3, message: 'Bad request' },
    ];
    for (const { title, query, method = 'GET', status, code, message } of cases) {
      it(`answers ${title} with ${status} code ${code} and emits connection_error`, async () => {
        const { baseUrl, errors } = await startEngine(disposer);
        const client = disposer.add(new RawPolling(baseUrl));
        const response = await client.request(method, { query, body: method === 'POST' ? '4x' : undefined });
        expect(response.status).to.equal(status);
        expect(response.headers['content-type']).to.equal('application/json');
        expect(JSON.parse(response.body)).to.deep.equal({ code, message });
        const error = await errors.next();
        expect(error).to.include({ code, message });
        expect(error.req.url).to.be.a('string');
      });
    }

    it('answers a request with a disabled transport with code 0', async () => {
      const { baseUrl } = await startEngine(disposer, { transports: ['websocket'] });
      const response = await disposer.add(new RawPolling(baseUrl)).get();
      expect(JSON.parse(response.body)).to.deep.equal({ code: 0, message: 'Transport unknown' });
      const rejected = await rejectedUpgrade(RawWebSocket.connect(baseUrl, { query: { transport: 'polling' } }));
      expect(rejected.status).to.equal(400);
    });

    it('answers a sid used with the wrong transport with code 3', async () => {
      const { baseUrl, errors } = await startEngine(disposer);
      const client = disposer.add(await RawPolling.handshake(baseUrl));
      const response = await client.get({ query: { transport: 'websocket' } });
      expect(response.status).to.equal(400);
      expect(JSON.parse(response.body)).to.deep.equal({ code: 3, message: 'Bad request' });
      expect((await errors.next()).context).to.deep.equal({ name: 'TRANSPORT_HANDSHAKE_ERROR' });
    });

    it('answers an allowRequest refusal with 403 code 4 and its message, on both transports', async () => {
      let calls = 0;
      const { baseUrl, errors } = await startEngine(disposer, {
        allowRequest: (_req, callback) => {
          calls++;
          setImmediate(() => callback('not today', false));
        },
      });
      const response = await disposer.add(new RawPolling(baseUrl)).get();
      expect(response.status).to.equal(403);
      expect(JSON.parse(response.body)).to.deep.equal({ code: 4, message: 'not today' });
      expect(await errors.next()).to.include({ code: 4, message: 'not today' });
      const rejected = await rejectedUpgrade(RawWebSocket.connect(baseUrl));
      expect(rejected.status).to.equal(403);
      expect(rejected.body).to.equal('not today');
      expect(calls).to.equal(2);
    });

    it('runs allowRequest on handshakes only and opens the session when it allows', async () => {
      const seen: string[] = [];
      const { baseUrl } = await startEngine(disposer, {
        allowRequest: (req, callback) => {
          seen.push(req.url ?? '');
          callback(null, true);
        },
      });
      const client = disposer.add(await RawPolling.handshake(baseUrl));
      expect((await client.post('4hi')).status).to.equal(200);
      expect(seen).to.have.length(1);
    });

    it('answers an allowRequest that throws with code 3 instead of crashing', async () => {
      const { baseUrl } = await startEngine(disposer, {
        allowRequest: () => {
          throw new Error('boom');
        },
      });
      const response = await disposer.add(new RawPolling(baseUrl)).get();
      expect(JSON.parse(response.body)).to.deep.equal({ code: 3, message: 'Bad request' });
    });

    it('writes upgrade errors raw on the socket: 400, Connection: close, text/html, plain message', async () => {
      const { baseUrl, errors } = await startEngine(disposer);
      const unknownSid = await rejectedUpgrade(RawWebSocket.connect(baseUrl, { sid: 'nope' }));
      expect(unknownSid.status).to.equal(400);
      expect(unknownSid.headers['connection']).to.equal('close');
      expect(unknownSid.headers['content-type']).to.equal('text/html');
      expect(unknownSid.body).to.equal('Session ID unknown');
      expect(await errors.next()).to.include({ code: 1 });
      const badVersion = await rejectedUpgrade(RawWebSocket.connect(baseUrl, { query: { EIO: '3' } }));
      expect(badVersion.body).to.equal('Unsupported protocol version');
    });

    it('keeps working after a handshake with a made-up first frame of a raw client', async () => {
      const { baseUrl } = await startEngine(disposer);
      const client = disposer.add(await RawWebSocket.connect(baseUrl));
      parseOpenPacket(await client.frames.next());
      client.send('\x00\xff garbage');
      expect((await client.closed).code).to.be.a('number');
      const again = disposer.add(await RawPolling.handshake(baseUrl));
      expect(again.sid).to.be.a('string');
    });
  });
});
