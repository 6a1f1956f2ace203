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
        socket.conn.on('upgrade', (transport) => resolve(transport));
        if (socket.conn.transportName === 'websocket') resolve('websocket');
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
});
