// The chat example in real Chromium: two people join, talk and leave, each seen by the other.
// Also writes a screenshot of the conversation to e2e/artifacts/ (git-ignored).
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { startChat, type Chat } from '../examples/chat/chat-server.js';
import { launchBrowser, watchedPage, type WatchedPage } from './helpers/browser.js';
import { startNoUpgradeProxy } from './helpers/no-upgrade-proxy.js';
import { startChatProcess, type ChatProcess } from './helpers/chat-process.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

/** Opens the chat page and joins under `name`; resolves once the chat view shows. */
async function joinAs(browser: Browser, url: string, name: string): Promise<WatchedPage> {
  const watched = await watchedPage(browser);
  const { page } = watched;
  await page.setViewport({ width: 900, height: 560 });
  await page.goto(url);
  await page.waitForSelector('#status[data-state="connected"]');
  await page.bringToFront(); // typing and clicking act on the page in front
  await page.type('#name', name);
  await page.click('#name-form button');
  await page.waitForSelector('#chat', { visible: true });
  return watched;
}

async function say(page: Page, text: string): Promise<void> {
  await page.bringToFront();
  await page.type('#message', text);
  await page.keyboard.press('Enter');
}

/** Texts of the chat log: messages as "name: text", notices as they read. */
function log(page: Page): Promise<string[]> {
  return page.$$eval('#messages li', (items) =>
    items.map((li) =>
      li.classList.contains('message') ? `${li.querySelector('.author')?.textContent}: ${li.querySelector('.text')?.textContent}` : (li.textContent ?? ''),
    ),
  );
}

async function waitForLog(page: Page, entry: string): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      Array.from(document.querySelectorAll('#messages li')).some((li) =>
        li.classList.contains('message') ? `${li.querySelector('.author')?.textContent}: ${li.querySelector('.text')?.textContent}` === wanted : li.textContent === wanted,
      ),
    { timeout: 10_000, polling: 100 }, // requestAnimationFrame never fires in a page behind another
    entry,
  );
}

describe('e2e: the chat example in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let chat: Chat | undefined;

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await chat?.close();
    chat = undefined;
  });

  it('two pages chat: join, message, leave, each seen by the other; names and text stay text', async () => {
    chat = await startChat({ port: 0 });
    const alice = await joinAs(browser, `${chat.url}/`, 'alice');
    const bob = await joinAs(browser, `${chat.url}/`, 'bob');
    await waitForLog(alice.page, 'bob joined');
    await bob.page.waitForFunction(() => Array.from(document.querySelectorAll('#online li')).map((li) => li.textContent).join(',') === 'alice,bob', { polling: 100 });

    await say(alice.page, 'hi bob <img src=x onerror="window.pwned=1">');
    await waitForLog(bob.page, 'alice: hi bob <img src=x onerror="window.pwned=1">');
    await say(bob.page, 'hello alice!');
    await waitForLog(alice.page, 'bob: hello alice!');
    expect(await bob.page.evaluate(() => (window as { pwned?: number }).pwned)).to.equal(undefined);
    expect(await bob.page.$$('#messages img')).to.have.length(0);

    mkdirSync(artifacts, { recursive: true });
    await alice.page.screenshot({ path: join(artifacts, 'chat.png') });

    await bob.page.close();
    await waitForLog(alice.page, 'bob left');
    expect(await log(alice.page)).to.include.members(['bob joined', 'alice: hi bob <img src=x onerror="window.pwned=1">', 'bob: hello alice!', 'bob left']);
    await alice.page.waitForFunction(() => Array.from(document.querySelectorAll('#online li')).map((li) => li.textContent).join(',') === 'alice', { polling: 100 });
    expect(alice.problems).to.deep.equal([]);
    expect(bob.problems).to.deep.equal([]);
    await alice.page.close();
  });

  it('an empty or too long message gets a clear error back through the ack', async () => {
    chat = await startChat({ port: 0 });
    const { page, problems } = await joinAs(browser, `${chat.url}/`, 'carol');
    await say(page, 'x'.repeat(501));
    await page.waitForFunction(() => (document.querySelector('#message-error')?.textContent ?? '').length > 0, { polling: 100 });
    expect(await page.$eval('#message-error', (el) => el.textContent)).to.match(/1 to 500/);
    expect(problems).to.deep.equal([]);
    await page.close();
  });

  it('falls back to polling behind a proxy that refuses WebSocket upgrades, and still chats', async () => {
    chat = await startChat({ port: 0 });
    const proxy = await startNoUpgradeProxy(chat.url);
    try {
      const alice = await joinAs(browser, `${proxy.url}/`, 'alice');
      const bob = await joinAs(browser, `${chat.url}/`, 'bob');
      await say(alice.page, 'over polling');
      await waitForLog(bob.page, 'alice: over polling');
      await say(bob.page, 'heard you');
      await waitForLog(alice.page, 'bob: heard you');
      expect(proxy.refused(), 'upgrade attempts refused by the proxy').to.be.greaterThan(0);
      const transports = new Map([...chat.io.of('/').sockets.values()].map((socket) => [socket.data.name as string, socket.conn.transportName]));
      expect(transports.get('alice')).to.equal('polling');
      // The refused upgrade is the client's probe failing quietly: no page or console error.
      expect(alice.problems.filter((problem) => !/WebSocket connection to .* failed/.test(problem))).to.deep.equal([]);
      expect(bob.problems).to.deep.equal([]);
      await alice.page.close();
      await bob.page.close();
    } finally {
      await proxy.close();
    }
  });

  it('shows reconnecting while the server is down, then connected, and chats again after its restart', async () => {
    let server: ChatProcess = await startChatProcess(0);
    try {
      const alice = await joinAs(browser, `${server.url}/`, 'alice');
      await say(alice.page, 'before the restart');
      await waitForLog(alice.page, 'alice: before the restart');
      await server.kill();
      await alice.page.waitForSelector('#status[data-state="reconnecting"]', { timeout: 10_000 });
      server = await startChatProcess(server.port);
      await alice.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
      const bob = await joinAs(browser, `${server.url}/`, 'bob');
      await say(alice.page, 'after the restart');
      await waitForLog(bob.page, 'alice: after the restart');
      // The browser logs the refused connections while the server is down; nothing else may fail.
      const unexpected = alice.problems.filter((problem) => !/ERR_CONNECTION_REFUSED|WebSocket connection to .* failed/.test(problem));
      expect(unexpected).to.deep.equal([]);
      expect(bob.problems).to.deep.equal([]);
      await alice.page.close();
      await bob.page.close();
    } finally {
      await server.kill();
    }
  });
});
