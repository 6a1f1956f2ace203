// rtio's client in real Chromium beyond the chat: binary both ways, an SPA bundle, CORS, many pages.
import { expect } from 'chai';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { watchedPage } from './helpers/browser.js';
import { useBrowserAndServers } from './helpers/browser-and-servers.js';

type PageWindow = typeof window & { results: unknown[]; done?: boolean };

const here = dirname(fileURLToPath(import.meta.url));

describe('e2e: the client in Chromium', function () {
  this.timeout(60_000);
  const suite = useBrowserAndServers();
  const serve = suite.serve;

  it('binary: an ArrayBuffer and a Blob sent from the page come back intact', async () => {
    const server = await serve({
      '/': `<!doctype html><meta charset="utf-8"><script src="/rt/client.js"></script><script>
        window.results = [];
        const socket = io();
        socket.on('connect', async () => {
          const bytes = new Uint8Array(256).map((_, i) => i);
          const blob = new Blob([new Uint8Array([1, 2, 3, 250])]);
          const [back] = await socket.emitWithAck('echo', { label: 'both', buffer: bytes.buffer, blob });
          window.results.push(back.buffer instanceof ArrayBuffer, Array.from(new Uint8Array(back.buffer)), Array.from(new Uint8Array(back.blob)));
          window.done = true;
        });
      </script>`,
    });
    const sizes = new Promise<number[]>((resolve) => {
      server.io.on('connection', (socket) =>
        socket.on('echo', (payload: { buffer: Buffer; blob: Buffer }, ack: (...args: unknown[]) => void) => {
          resolve([payload.buffer.length, payload.blob.length]);
          ack([payload]);
        }),
      );
    });
    const { page, problems } = await watchedPage(suite.browser);
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (window as PageWindow).done === true);
    expect(await sizes).to.deep.equal([256, 4]);
    const [isArrayBuffer, buffer, blob] = await page.evaluate(() => (window as PageWindow).results);
    expect(isArrayBuffer).to.equal(true);
    expect(buffer).to.deep.equal(Array.from({ length: 256 }, (_, i) => i));
    expect(blob).to.deep.equal([1, 2, 3, 250]);
    expect(problems).to.deep.equal([]);
  });

  it('an SPA bundle that imports the ESM client (bundled by esbuild) connects and acks', async () => {
    const bundled = await build({
      stdin: {
        contents: `import { io } from '@rtio/client';
          const socket = io({ transports: ['websocket'] });
          socket.on('connect', () => socket.emit('hello', 'from the spa', (reply) => { window.results = [reply, socket.io.engine.transport.name]; }));`,
        resolveDir: here,
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const code = bundled.outputFiles[0]?.text ?? '';
    expect(code, 'the browser build must not pull ws').to.not.match(/require\("ws"\)|from "ws"/);
    const server = await serve({ '/': `<!doctype html><meta charset="utf-8"><script type="module">${code}</script>` });
    server.io.on('connection', (socket) => socket.on('hello', (text: string, ack: (reply: string) => void) => ack(`got ${text}`)));
    const { page, problems } = await watchedPage(suite.browser);
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => Array.isArray((window as PageWindow).results));
    expect(await page.evaluate(() => (window as PageWindow).results)).to.deep.equal(['got from the spa', 'websocket']);
    expect(problems).to.deep.equal([]);
  });

  it('CORS: a page on another origin connects when allowed, and gets a clear connect_error when not', async () => {
    const page = (target: string) => `<!doctype html><meta charset="utf-8"><script src="${target}/rt/client.js"></script><script>
      window.results = [];
      const socket = io('${target}', { reconnection: false });
      socket.on('connect', () => { window.results.push('connect'); window.done = true; });
      socket.on('connect_error', (error) => { window.results.push('connect_error', error.kind, error.message); window.done = true; });
    </script>`;
    const app = await serve({});
    const allowing = await serve({}, { cors: { origin: app.url } });
    const refusing = await serve({}, { cors: { origin: 'http://elsewhere.example' } });
    const pages: Record<string, string> = { '/allowed': page(allowing.url), '/refused': page(refusing.url) };
    app.http.removeAllListeners('request');
    app.http.on('request', (req, res) => {
      const html = pages[(req.url ?? '/').split('?')[0] ?? '/'];
      if (html) res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
      else res.writeHead(204).end();
    });

    const allowed = await watchedPage(suite.browser);
    await allowed.page.goto(`${app.url}/allowed`);
    await allowed.page.waitForFunction(() => (window as PageWindow).done === true);
    expect(await allowed.page.evaluate(() => (window as PageWindow).results)).to.deep.equal(['connect']);
    expect(allowed.problems).to.deep.equal([]);

    const refused = await watchedPage(suite.browser);
    await refused.page.goto(`${app.url}/refused`);
    await refused.page.waitForFunction(() => (window as PageWindow).done === true);
    const [event, kind, message] = await refused.page.evaluate(() => (window as PageWindow).results);
    expect(event).to.equal('connect_error');
    expect(kind).to.equal('cors');
    expect(message).to.match(/cors/i); // the minified bundle's terse message: "polling cors"
    // Chromium itself reports the blocked request; our code logs nothing else.
    expect(refused.problems.filter((problem) => !/CORS policy|Failed to load resource|ERR_FAILED/.test(problem))).to.deep.equal([]);
  });

  it("polling from another origin: connect_error is kind 'network' when nothing listens, 'cors' when the server refuses", async () => {
    // A port that was just free: listened on, noted, closed.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const deadPort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve, reject) => probe.close((error) => (error ? reject(error) : resolve())));
    const refusing = await serve({}, { cors: { origin: 'http://elsewhere.example' } });
    const page = (target: string) => `<!doctype html><meta charset="utf-8"><script src="/rt/client.js"></script><script>
      window.results = [];
      const socket = io('${target}', { transports: ['polling'], reconnection: false });
      socket.on('connect', () => { window.results.push('connect'); window.done = true; });
      socket.on('connect_error', (error) => { window.results.push('connect_error', error.kind, error.transport); window.done = true; });
    </script>`;
    const app = await serve({ '/down': page(`http://127.0.0.1:${deadPort}`), '/refused': page(refusing.url) });

    for (const [path, kind] of [['/down', 'network'], ['/refused', 'cors']] as const) {
      const { page: tab, problems } = await watchedPage(suite.browser);
      await tab.goto(`${app.url}${path}`);
      await tab.waitForFunction(() => (window as PageWindow).done === true);
      expect(await tab.evaluate(() => (window as PageWindow).results), path).to.deep.equal(['connect_error', kind, 'polling']);
      // Chromium itself reports the failed requests; our code logs nothing else.
      expect(problems.filter((problem) => !/CORS policy|Failed to load resource|ERR_FAILED|ERR_CONNECTION_REFUSED/.test(problem)), path).to.deep.equal([]);
      await tab.close();
    }
  });

  it('20 pages in one browser all receive one broadcast', async () => {
    const server = await serve({
      '/': `<!doctype html><meta charset="utf-8"><script src="/rt/client.js"></script><script>
        window.results = [];
        const socket = io();
        socket.on('connect', () => socket.emit('ready'));
        socket.on('news', (text) => window.results.push(text));
      </script>`,
    });
    const count = 20;
    let ready = 0;
    const allReady = new Promise<void>((resolve) => {
      server.io.on('connection', (socket) => socket.on('ready', () => ++ready === count && resolve()));
    });
    const pages = await Promise.all(Array.from({ length: count }, () => watchedPage(suite.browser)));
    await Promise.all(pages.map(({ page }) => page.goto(`${server.url}/`)));
    await allReady;
    server.io.emit('news', 'one broadcast');
    await Promise.all(pages.map(({ page }) => page.waitForFunction(() => (window as PageWindow).results.length > 0)));
    for (const { page, problems } of pages) {
      expect(await page.evaluate(() => (window as PageWindow).results)).to.deep.equal(['one broadcast']);
      expect(problems).to.deep.equal([]);
    }
    await Promise.all(pages.map(({ page }) => page.close()));
  });
});
