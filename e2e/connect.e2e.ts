// A real page loads /rt/client.js, connects, upgrades to WebSocket and exchanges events.
import { expect } from 'chai';
import type { Browser } from 'puppeteer-core';
import { launchBrowser, watchedPage } from './helpers/browser.js';
import { startAppServer, type AppServer } from './helpers/app-server.js';

const PAGE = `<!doctype html><meta charset="utf-8"><title>connect</title>
<script src="/rt/client.js"></script>
<script>
  window.log = [];
  const socket = io();
  socket.on('connect', () => window.log.push('connect'));
  socket.on('welcome', (text, ack) => { window.log.push('welcome:' + text); ack('thanks'); });
</script>`;

describe('e2e: script-tag client in Chromium', function () {
  this.timeout(30_000);
  let browser: Browser;
  let server: AppServer;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await server?.close();
  });

  it('loads /rt/client.js, connects, upgrades to websocket and exchanges an acked event', async () => {
    server = await startAppServer({ '/': PAGE });
    const upgraded = new Promise<string>((resolve) => {
      server.io.on('connection', (socket) => {
        socket.conn.on('upgrade', (transport) => resolve(transport.name));
        if (socket.conn.transport.name === 'websocket') resolve('websocket');
      });
    });
    const acked = new Promise<unknown>((resolve) => {
      server.io.on('connection', (socket) => socket.emit('welcome', 'hello', (reply: unknown) => resolve(reply)));
    });
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${server.url}/`);
    expect(await acked).to.equal('thanks');
    expect(await upgraded).to.equal('websocket');
    await page.waitForFunction(() => (window as unknown as { log: string[] }).log.includes('welcome:hello'));
    expect(await page.evaluate(() => (window as unknown as { log: string[] }).log)).to.deep.equal(['connect', 'welcome:hello']);
    expect(problems).to.deep.equal([]);
  });

  // A Socket.IO page moved over as it is: path '/socket.io/', the script (or module) of that name, io().
  const SOCKET_IO_PAGES = {
    '/script': `<!doctype html><meta charset="utf-8"><title>script</title>
<script src="/socket.io/socket.io.js"></script>
<script>io().emit('hello', 'script', (reply) => { window.reply = reply; });</script>`,
    '/module': `<!doctype html><meta charset="utf-8"><title>module</title>
<script type="module">
  import { io } from '/socket.io/socket.io.esm.min.js';
  io().emit('hello', 'module', (reply) => { window.reply = reply; });
</script>`,
  };

  for (const name of ['script', 'module'] as const) {
    it(`serves the client as /socket.io/socket.io${name === 'script' ? '' : '.esm.min'}.js, whose io() defaults to /socket.io/ (${name})`, async () => {
      server = await startAppServer(SOCKET_IO_PAGES, { path: '/socket.io/' });
      server.io.on('connection', (socket) => socket.on('hello', (from: string, ack: (reply: string) => void) => ack(`hi ${from} on ${socket.conn.request.url?.split('?')[0]}`)));
      const { page, problems } = await watchedPage(browser);
      await page.goto(`${server.url}/${name}`);
      await page.waitForFunction(() => (window as unknown as { reply?: string }).reply !== undefined);
      expect(await page.evaluate(() => (window as unknown as { reply: string }).reply)).to.equal(`hi ${name} on /socket.io/`);
      expect(problems).to.deep.equal([]);
    });
  }
});
