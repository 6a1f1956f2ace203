// The browser client served at <path>client.js: ETag and 304, Cache-Control, gzip.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Disposer } from './helpers/index.js';
import { startServer } from './socket/support/server-under-test.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serving the browser client', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());
  const dir = mkdtempSync(join(tmpdir(), 'rtio-bundle-'));
  const script = `(()=>{globalThis.io=function(){};${'/* padding */'.repeat(200)}})();\n//# sourceMappingURL=client.js.map\n`;
  writeFileSync(join(dir, 'rtio.min.js'), script);
  writeFileSync(join(dir, 'rtio.min.js.map'), '{"version":3,"sources":[],"mappings":""}');
  const clientBundle = { js: join(dir, 'rtio.min.js'), map: join(dir, 'rtio.min.js.map') };
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves client.js with an ETag and Cache-Control, and answers 304 to a matching If-None-Match', async () => {
    const server = disposer.add(await startServer({ clientBundle }));
    const first = await get(`${server.url}/rt/client.js`);
    expect(first.status).to.equal(200);
    expect(first.headers['content-type']).to.equal('application/javascript; charset=utf-8');
    expect(first.headers['cache-control']).to.contain('must-revalidate');
    expect(first.body.toString()).to.equal(script);
    const etag = String(first.headers.etag);
    expect(etag).to.match(/^"[\w-]+"$/);
    const again = await get(`${server.url}/rt/client.js`, { 'If-None-Match': etag });
    expect(again.status).to.equal(304);
    expect(again.body.length).to.equal(0);
    const stale = await get(`${server.url}/rt/client.js`, { 'If-None-Match': '"old"' });
    expect(stale.status).to.equal(200);
  });

  it('gzips when the request accepts it', async () => {
    const server = disposer.add(await startServer({ clientBundle }));
    const reply = await get(`${server.url}/rt/client.js`, { 'Accept-Encoding': 'gzip, deflate' });
    expect(reply.headers['content-encoding']).to.equal('gzip');
    expect(reply.headers.vary).to.equal('Accept-Encoding');
    expect(reply.body.length).to.be.lessThan(script.length);
    expect(gunzipSync(reply.body).toString()).to.equal(script);
  });

  it('serves client.min.js and the source map, and HEAD without a body', async () => {
    const server = disposer.add(await startServer({ clientBundle }));
    expect((await get(`${server.url}/rt/client.min.js`)).body.toString()).to.equal(script);
    const map = await get(`${server.url}/rt/client.js.map`);
    expect(map.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(JSON.parse(map.body.toString())).to.have.property('version', 3);
    const head = await get(`${server.url}/rt/client.js`, {}, 'HEAD');
    expect(head.status).to.equal(200);
    expect(head.body.length).to.equal(0);
  });

  it('leaves the engine path to the engine, and serves nothing with serveClient: false', async () => {
    const server = disposer.add(await startServer({ clientBundle }));
    expect((await get(`${server.url}/rt/?EIO=4&transport=polling`)).body.toString()).to.match(/^0\{"sid"/);
    const off = disposer.add(await startServer({ clientBundle, serveClient: false }));
    const reply = await get(`${off.url}/rt/client.js`);
    expect(reply.status).to.equal(400);
    expect(JSON.parse(reply.body.toString())).to.deep.equal({ code: 0, message: 'Transport unknown' });
  });

  it('says how to build the bundle when it is missing', async () => {
    const server = disposer.add(await startServer({ clientBundle: { js: join(dir, 'missing.js'), map: join(dir, 'missing.map') } }));
    const reply = await get(`${server.url}/rt/client.js`);
    expect(reply.status).to.equal(404);
    expect(reply.body.toString()).to.contain('pnpm build');
  });
});
