// The browser client served on the engine path under rtio's and Socket.IO's names: ETag and 304
// (weak revalidation too), Cache-Control, br/gzip, CORS, and io() defaulting to the path it came from.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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
  writeFileSync(join(dir, 'rtio.esm.min.js'), 'export const io = () => {};\n//# sourceMappingURL=rtio.esm.min.js.map\n');
  writeFileSync(join(dir, 'rtio.esm.min.js.map'), '{"version":3,"sources":[],"mappings":""}');
  writeFileSync(join(dir, 'rtio.debug.js'), '(()=>{globalThis.io=function(){};/* logs */})();\n//# sourceMappingURL=rtio.debug.js.map\n');
  writeFileSync(join(dir, 'rtio.debug.js.map'), '{"version":3,"sources":["debug"],"mappings":""}');
  const clientBundle = {
    js: join(dir, 'rtio.min.js'),
    map: join(dir, 'rtio.min.js.map'),
    esm: join(dir, 'rtio.esm.min.js'),
    esmMap: join(dir, 'rtio.esm.min.js.map'),
    debug: join(dir, 'rtio.debug.js'),
    debugMap: join(dir, 'rtio.debug.js.map'),
  };
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

  it('serves the build with debug logs as client.debug.js, with its map', async () => {
    const server = disposer.add(await startServer({ clientBundle }));
    const script = await get(`${server.url}/rt/client.debug.js`);
    expect(script.status).to.equal(200);
    expect(script.body.toString()).to.contain('/* logs */').and.match(/\/\/# sourceMappingURL=client\.debug\.js\.map\n$/);
    const map = await get(`${server.url}/rt/client.debug.js.map`);
    expect(map.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(JSON.parse(map.body.toString()).sources).to.deep.equal(['debug']);
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
    // The map comment names the map under the name the script was served as.
    expect((await get(`${server.url}/rt/client.min.js`)).body.toString()).to.equal(script.replace('client.js.map', 'client.min.js.map'));
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

  it("serves Socket.IO's file names: socket.io.js, .min.js, .esm.min.js and their maps", async () => {
    const server = disposer.add(await startServer({ clientBundle, path: '/socket.io/' }));
    for (const name of ['socket.io.js', 'socket.io.min.js', 'client.js']) {
      const reply = await get(`${server.url}/socket.io/${name}`);
      expect(reply.status, name).to.equal(200);
      expect(reply.headers['content-type']).to.equal('application/javascript; charset=utf-8');
      expect(reply.body.toString()).to.match(new RegExp(`\n//# sourceMappingURL=${name.replace(/\./g, '\\.')}\.map\n$`));
    }
    const esm = await get(`${server.url}/socket.io/socket.io.esm.min.js`);
    expect(esm.body.toString()).to.equal('export const io = () => {};\n//# sourceMappingURL=socket.io.esm.min.js.map\n');
    for (const name of ['socket.io.js.map', 'socket.io.min.js.map', 'socket.io.esm.min.js.map']) {
      const map = await get(`${server.url}/socket.io/${name}`);
      expect(map.headers['content-type'], name).to.equal('application/json; charset=utf-8');
      expect(JSON.parse(map.body.toString())).to.have.property('version', 3);
    }
  });

  it('makes io() of the served script default to the path it was served under', async () => {
    const calls = (body: string): unknown[][] => {
      const context = { calls: [] as unknown[][], globalThis: undefined as unknown };
      context.globalThis = context;
      runInNewContext(body.replace('globalThis.io=function(){}', 'globalThis.io=function(...a){globalThis.calls.push(a)}'), context);
      const io = (context as unknown as { io: (...a: unknown[]) => void }).io;
      io();
      io('http://example.com/admin', { auth: { a: 1 } });
      io({ path: '/mine/' });
      return context.calls;
    };
    const socketIo = disposer.add(await startServer({ clientBundle, path: '/socket.io/' }));
    const served = (await get(`${socketIo.url}/socket.io/socket.io.js`)).body.toString();
    expect(calls(served)).to.deep.equal([
      [{ path: '/socket.io/' }],
      ['http://example.com/admin', { path: '/socket.io/', auth: { a: 1 } }],
      [{ path: '/mine/' }],
    ]);
    const rt = disposer.add(await startServer({ clientBundle }));
    expect((await get(`${rt.url}/rt/client.js`)).body.toString()).to.equal(script); // the bundle's own default
  });

  it('prefers br, then gzip, as the request accepts them', async () => {
    const server = disposer.add(await startServer({ clientBundle }));
    const br = await get(`${server.url}/rt/client.js`, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).to.equal('br');
    expect(brotliDecompressSync(br.body).toString()).to.equal(script);
    const refused = await get(`${server.url}/rt/client.js`, { 'Accept-Encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).to.equal('gzip');
    const none = await get(`${server.url}/rt/client.js`, { 'Accept-Encoding': 'identity' });
    expect(none.headers['content-encoding']).to.equal(undefined);
    expect(none.body.toString()).to.equal(script);
  });

  it('revalidates a weak ETag, and names the client version in it', async () => {
    const server = disposer.add(await startServer({ clientBundle: { ...clientBundle, version: '1.2.3' } }));
    const first = await get(`${server.url}/rt/client.js`);
    const etag = String(first.headers.etag);
    expect(etag).to.match(/^"1\.2\.3-[\w-]+"$/);
    expect((await get(`${server.url}/rt/client.js`, { 'If-None-Match': `W/${etag}` })).status).to.equal(304);
    expect((await get(`${server.url}/rt/client.js`, { 'If-None-Match': `"other", ${etag}` })).status).to.equal(304);
  });

  it('answers with the CORS headers of the cors option', async () => {
    const server = disposer.add(await startServer({ clientBundle, cors: { origin: 'http://app.example', credentials: true } }));
    const allowed = await get(`${server.url}/rt/client.esm.min.js`, { Origin: 'http://app.example' });
    expect(allowed.status).to.equal(200);
    expect(allowed.headers['access-control-allow-origin']).to.equal('http://app.example');
    expect(allowed.headers['access-control-allow-credentials']).to.equal('true');
    expect(String(allowed.headers.vary)).to.contain('Origin');
    const other = await get(`${server.url}/rt/client.esm.min.js`, { Origin: 'http://evil.example' });
    expect(other.headers['access-control-allow-origin']).to.equal(undefined);
  });
});
