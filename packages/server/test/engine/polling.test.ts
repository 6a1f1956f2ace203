// Long-polling: held GETs, batching, POST payloads, request limits and overlapping requests.
import http from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { expect } from 'chai';
import { Disposer, RawPolling } from '../helpers/index.js';
import { nextRequest, record, startEngine, within } from './setup.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that keeps the body as bytes (RawPolling decodes text and would garble gzip). */
function getBytes(url: string, headers: http.OutgoingHttpHeaders): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Starts a POST that declares `length` bytes and sends only `sent` of them. */
function partialPost(url: string, length: number, sent: string): { response: Promise<RawResponse>; req: http.ClientRequest } {
  const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'text/plain', 'content-length': length } });
  const response = new Promise<RawResponse>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
  response.catch(() => undefined);
  if (sent.length > 0) req.write(sent);
  else req.flushHeaders();
  return { response, req };
}

describe('engine long-polling', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('flushes a held GET with every packet sent in the same tick, in one payload', async () => {
    const { baseUrl, httpServer, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const session = await sessions.next();
    const arrived = nextRequest(httpServer);
    const held = client.get();
    await arrived;
    expect(session.writable).to.equal(true);
    session.send('a');
    session.send('b');
    session.send(Buffer.from([1, 2, 3, 4]));
    const response = await held;
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal('text/plain; charset=UTF-8');
    expect(response.headers['cache-control']).to.equal('no-store');
    expect(response.body).to.equal('4a\x1e4b\x1ebAQIDBA==');
  });

  it('answers a GET at once when packets are queued, and emits drain', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const session = await sessions.next();
    const events = record(session).events;
    session.send('queued');
    session.send(new Uint8Array([255]));
    session.send(new Uint8Array([7, 8]).buffer);
    expect((await client.get()).body).to.equal('4queued\x1eb/w==\x1ebBwg=');
    expect(events).to.include('drain');
  });

  it('decodes a POST payload into messages in order and answers 200 ok as text/html', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { messages } = record(await sessions.next());
    const response = await client.post('4hello\x1e4world\x1ebAQIDBA==');
    expect(response.status).to.equal(200);
    expect(response.body).to.equal('ok');
    expect(response.headers['content-type']).to.equal('text/html');
    expect(await messages.next()).to.equal('hello');
    expect(await messages.next()).to.equal('world');
    expect(await messages.next()).to.deep.equal(Buffer.from([1, 2, 3, 4]));
  });

  it('answers a second concurrent GET with 400 and closes the session with transport error', async () => {
    const { baseUrl, httpServer, sessions, engine } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { closed } = record(await sessions.next());
    const arrived = nextRequest(httpServer);
    const first = client.get();
    await arrived;
    const second = await client.get();
    expect(second.status).to.equal(400);
    expect((await closed).reason).to.equal('transport error');
    expect((await first).body).to.equal('1');
    expect(engine.clientsCount).to.equal(0);
  });

  it('answers a second concurrent POST with 400 and closes the session with transport error', async () => {
    const { baseUrl, httpServer, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { closed } = record(await sessions.next());
    const arrived = nextRequest(httpServer);
    const slow = partialPost(`${baseUrl}/rt/?EIO=4&transport=polling&sid=${client.sid}`, 10, '4ab');
    disposer.add(() => slow.req.destroy());
    await arrived;
    expect((await client.post('4second')).status).to.equal(400);
    expect((await closed).reason).to.equal('transport error');
  });

  it('answers 413 to a declared Content-Length over maxHttpBufferSize before reading the body', async () => {
    const { baseUrl } = await startEngine(disposer, { maxHttpBufferSize: 100 });
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { response, req } = partialPost(`${baseUrl}/rt/?EIO=4&transport=polling&sid=${client.sid}`, 5000, '');
    disposer.add(() => req.destroy());
    expect((await within(response, 'the 413')).status).to.equal(413);
  });

  it('answers 413 to a streamed body that exceeds maxHttpBufferSize, and the session goes on', async () => {
    const { baseUrl, sessions } = await startEngine(disposer, { maxHttpBufferSize: 100 });
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { messages } = record(await sessions.next());
    const response = await client.post(`4${'x'.repeat(500)}`, { 'transfer-encoding': 'chunked' });
    expect(response.status).to.equal(413);
    await client.post('4small');
    expect(await messages.next()).to.equal('small');
  });

  it('answers an application/octet-stream POST with 400', async () => {
    const { baseUrl } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const response = await client.post('4hi', { 'content-type': 'application/octet-stream' });
    expect(response.status).to.equal(400);
  });

  it('answers other methods on an existing session with 500', async () => {
    const { baseUrl } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    expect((await client.request('PUT', { body: '4x' })).status).to.equal(500);
    expect((await client.request('DELETE')).status).to.equal(500);
  });

  it('closes with transport close when the client drops a held GET', async () => {
    const { baseUrl, httpServer, sessions, engine } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { closed } = record(await sessions.next());
    const controller = new AbortController();
    const arrived = nextRequest(httpServer);
    void client.get({ signal: controller.signal });
    await arrived;
    controller.abort();
    expect((await within(closed, 'the close')).reason).to.equal('transport close');
    expect(engine.clientsCount).to.equal(0);
  });

  it('closes with parse error after answering 400 to an undecodable POST', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { closed } = record(await sessions.next());
    expect((await client.post('9nonsense')).status).to.equal(400);
    expect((await closed).reason).to.equal('parse error');
    expect((await client.get()).status).to.equal(400);
  });

  it('closes with transport close on a client close packet', async () => {
    const { baseUrl, sessions } = await startEngine(disposer);
    const client = disposer.add(await RawPolling.handshake(baseUrl));
    const { closed, messages } = record(await sessions.next());
    await client.post('4last\x1e1\x1e4never');
    expect(await messages.next()).to.equal('last');
    expect((await closed).reason).to.equal('transport close');
    expect(messages.drain()).to.deep.equal([]);
  });

  describe('compression', () => {
    const big = 'y'.repeat(3000);

    async function fetchBig(options: Parameters<typeof startEngine>[1], acceptEncoding: string): Promise<RawResponse> {
      const { baseUrl, sessions } = await startEngine(disposer, options);
      const client = disposer.add(await RawPolling.handshake(baseUrl));
      (await sessions.next()).send(big);
      return getBytes(`${baseUrl}/rt/?EIO=4&transport=polling&sid=${client.sid}`, { 'accept-encoding': acceptEncoding });
    }

    it('gzips a response over the threshold when the client accepts gzip', async () => {
      const response = await fetchBig({}, 'gzip, deflate');
      expect(response.headers['content-encoding']).to.equal('gzip');
      expect(gunzipSync(response.body).toString()).to.equal(`4${big}`);
    });

    it('deflates when only deflate is accepted', async () => {
      const response = await fetchBig({}, 'deflate');
      expect(response.headers['content-encoding']).to.equal('deflate');
      expect(inflateSync(response.body).toString()).to.equal(`4${big}`);
    });

    it('sends plain text under the threshold, when disabled, or when not accepted', async () => {
      for (const [options, accept] of [[{ httpCompression: { threshold: 5000 } }, 'gzip'], [{ httpCompression: false }, 'gzip'], [{}, 'identity']] as const) {
        const response = await fetchBig(options, accept);
        expect(response.headers['content-encoding']).to.equal(undefined);
        expect(response.body.toString()).to.equal(`4${big}`);
      }
    });
  });
});
