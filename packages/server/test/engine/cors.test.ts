// Origin policy: same-origin by default, configured cross-origin access, preflight, and WebSocket hijacking.
import { expect } from 'chai';
import type { CorsOptions } from '../../src/engine/index.js';
import { Disposer, RawPolling, RawWebSocket, UpgradeRejectedError } from '../helpers/index.js';
import { startEngine } from './setup.js';

const EVIL = 'http://evil.example';
const APP = 'http://app.example';

async function upgradeStatus(promise: Promise<RawWebSocket>): Promise<number> {
  try {
    const client = await promise;
    await client.close();
    return 101;
  } catch (error) {
    if (error instanceof UpgradeRejectedError) return error.status;
    throw error;
  }
}

describe('engine CORS', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  async function pollWithOrigin(cors: CorsOptions | undefined, origin: string): Promise<Awaited<ReturnType<RawPolling['get']>>> {
    const { baseUrl } = await startEngine(disposer, { cors });
    return disposer.add(new RawPolling(baseUrl, { headers: { origin } })).get();
  }

  describe('without cors options (same-origin only)', () => {
    it('accepts requests without Origin and with the server’s own origin', async () => {
      const { baseUrl } = await startEngine(disposer);
      disposer.add(await RawPolling.handshake(baseUrl));
      const same = disposer.add(await RawPolling.handshake(baseUrl, { headers: { origin: baseUrl } }));
      expect(same.response.headers['access-control-allow-origin']).to.equal(undefined);
      const ws = disposer.add(await RawWebSocket.connect(baseUrl, { headers: { origin: baseUrl } }));
      await ws.handshake();
    });

    it('answers a cross-origin polling request with 403 code 4 and emits connection_error', async () => {
      const { baseUrl, errors } = await startEngine(disposer);
      const response = await disposer.add(new RawPolling(baseUrl, { headers: { origin: EVIL } })).get();
      expect(response.status).to.equal(403);
      expect(JSON.parse(response.body)).to.deep.equal({ code: 4, message: 'Forbidden' });
      expect(await errors.next()).to.include({ code: 4, message: 'Forbidden' });
    });

    it('refuses a cross-origin WebSocket upgrade with a raw 403 (cross-site WebSocket hijacking)', async () => {
      const { baseUrl, engine } = await startEngine(disposer);
      expect(await upgradeStatus(RawWebSocket.connect(baseUrl, { headers: { origin: EVIL } }))).to.equal(403);
      const poll = disposer.add(await RawPolling.handshake(baseUrl));
      expect(await upgradeStatus(RawWebSocket.connect(baseUrl, { sid: poll.sid, headers: { origin: EVIL } }))).to.equal(403);
      expect(engine.clientsCount).to.equal(1);
    });

    it('answers an Origin with invalid characters with code 3 on polling and a raw 400 on WebSocket', async () => {
      const { baseUrl } = await startEngine(disposer);
      const response = await disposer.add(new RawPolling(baseUrl, { headers: { origin: 'http://bad\u00e9.example' } })).get();
      expect(response.status).to.equal(400);
      expect(JSON.parse(response.body)).to.deep.equal({ code: 3, message: 'Bad request' });
      expect(await upgradeStatus(RawWebSocket.connect(baseUrl, { headers: { origin: 'http://bad\u00e9.example' } }))).to.equal(400);
    });
  });

  describe('with cors.origin', () => {
    it('allows a listed origin with Access-Control-Allow-Origin, Vary and credentials', async () => {
      const response = await pollWithOrigin({ origin: APP, credentials: true, exposedHeaders: ['X-Id'] }, APP);
      expect(response.status).to.equal(200);
      expect(response.headers['access-control-allow-origin']).to.equal(APP);
      expect(response.headers['vary']).to.equal('Origin');
      expect(response.headers['access-control-allow-credentials']).to.equal('true');
      expect(response.headers['access-control-expose-headers']).to.equal('X-Id');
    });

    it('omits the credentials header unless credentials is set', async () => {
      const response = await pollWithOrigin({ origin: APP }, APP);
      expect(response.headers['access-control-allow-credentials']).to.equal(undefined);
    });

    it('refuses an origin the policy does not name', async () => {
      expect((await pollWithOrigin({ origin: APP }, EVIL)).status).to.equal(403);
      expect((await pollWithOrigin({ origin: false }, EVIL)).status).to.equal(403);
    });

    it('matches lists of strings and RegExps, true, and "*"', async () => {
      const list = { origin: ['http://other.example', /\.app\.example$/] };
      expect((await pollWithOrigin(list, 'http://eu.app.example')).status).to.equal(200);
      expect((await pollWithOrigin(list, 'http://other.example')).status).to.equal(200);
      expect((await pollWithOrigin(list, EVIL)).status).to.equal(403);
      expect((await pollWithOrigin({ origin: /^http:\/\/app\./g }, APP)).status).to.equal(200);
      expect((await pollWithOrigin({ origin: true }, EVIL)).headers['access-control-allow-origin']).to.equal(EVIL);
      expect((await pollWithOrigin({ origin: '*' }, EVIL)).status).to.equal(200);
    });

    it('asks an origin function, asynchronously, and treats an error as a refusal', async () => {
      const decide: CorsOptions['origin'] = (origin, callback) => {
        setImmediate(() => (origin === 'http://boom.example' ? callback(new Error('boom')) : callback(null, origin === APP)));
      };
      expect((await pollWithOrigin({ origin: decide }, APP)).status).to.equal(200);
      expect((await pollWithOrigin({ origin: decide }, EVIL)).status).to.equal(403);
      expect((await pollWithOrigin({ origin: decide }, 'http://boom.example')).status).to.equal(403);
    });

    it('lets an allowed origin upgrade to WebSocket and refuses others', async () => {
      const { baseUrl } = await startEngine(disposer, { cors: { origin: APP } });
      expect(await upgradeStatus(RawWebSocket.connect(baseUrl, { headers: { origin: APP } }))).to.equal(101);
      expect(await upgradeStatus(RawWebSocket.connect(baseUrl, { headers: { origin: EVIL } }))).to.equal(403);
    });

    it('answers an OPTIONS preflight with 204, methods, headers and max-age', async () => {
      const { baseUrl } = await startEngine(disposer, { cors: { origin: APP, maxAge: 600, allowedHeaders: ['X-Token'] } });
      const client = disposer.add(new RawPolling(baseUrl, { headers: { origin: APP } }));
      const response = await client.request('OPTIONS', { headers: { 'access-control-request-method': 'POST' } });
      expect(response.status).to.equal(204);
      expect(response.headers['access-control-allow-origin']).to.equal(APP);
      expect(response.headers['access-control-allow-methods']).to.equal('GET,POST');
      expect(response.headers['access-control-allow-headers']).to.equal('X-Token');
      expect(response.headers['access-control-max-age']).to.equal('600');
    });

    it('reflects the requested headers in a preflight when allowedHeaders is not set', async () => {
      const { baseUrl } = await startEngine(disposer, { cors: { origin: APP } });
      const client = disposer.add(new RawPolling(baseUrl, { headers: { origin: APP } }));
      const response = await client.request('OPTIONS', { headers: { 'access-control-request-headers': 'content-type' } });
      expect(response.headers['access-control-allow-headers']).to.equal('content-type');
    });

    it('refuses a preflight from a disallowed origin', async () => {
      const { baseUrl } = await startEngine(disposer, { cors: { origin: APP } });
      const response = await disposer.add(new RawPolling(baseUrl, { headers: { origin: EVIL } })).request('OPTIONS');
      expect(response.status).to.equal(403);
    });
  });
});
