// The chat example in real Chromium: two people join, talk and leave, each seen by the other.
// Also writes a screenshot of the conversation to e2e/artifacts/ (git-ignored).
import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { createMemoryStore, startChat, type Chat } from '../examples/chat/chat-server.js';
import { launchBrowser } from './helpers/browser.js';
import { chatLog, joinAs, say, unexpectedProblems, waitForLog, waitForOnline } from './helpers/chat-page.js';
import { startNoUpgradeProxy } from './helpers/no-upgrade-proxy.js';
import { startChatProcess, tempDataDir, type ChatProcess } from './helpers/chat-process.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

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
    chat = await startChat({ port: 0, store: createMemoryStore() });
    const alice = await joinAs(browser, `${chat.url}/`, 'alice');
    const bob = await joinAs(browser, `${chat.url}/`, 'bob');
    await waitForLog(alice.page, 'alice, bob joined'); // consecutive notices fold into one line
    await waitForOnline(bob.page, ['alice', 'bob']);

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
    expect(await chatLog(alice.page)).to.include.members(['alice, bob joined', 'alice: hi bob <img src=x onerror="window.pwned=1">', 'bob: hello alice!', 'bob left']);
    await waitForOnline(alice.page, ['alice']);
    expect(alice.problems).to.deep.equal([]);
    expect(bob.problems).to.deep.equal([]);
    await alice.page.close();
  });

  it('a blank message gets a clear error back through the ack', async () => {
    chat = await startChat({ port: 0, store: createMemoryStore() });
    const { page, problems } = await joinAs(browser, `${chat.url}/`, 'carol');
    await say(page, '   ');
    await page.waitForFunction(() => (document.querySelector('#message-error')?.textContent ?? '').length > 0, { polling: 100 });
    expect(await page.$eval('#message-error', (el) => el.textContent)).to.match(/1 to 500/);
    expect(problems).to.deep.equal([]);
    await page.close();
  });

  it('falls back to polling behind a proxy that refuses WebSocket upgrades, and still chats', async () => {
    chat = await startChat({ port: 0, store: createMemoryStore() });
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
    const data = tempDataDir();
    let server: ChatProcess = await startChatProcess(0, { CHAT_DATA_DIR: data.dir });
    try {
      const alice = await joinAs(browser, `${server.url}/`, 'alice');
      await say(alice.page, 'before the restart');
      await waitForLog(alice.page, 'alice: before the restart');
      await server.kill();
      await alice.page.waitForSelector('#status[data-state="reconnecting"]', { timeout: 10_000 });
      server = await startChatProcess(server.port, { CHAT_DATA_DIR: data.dir });
      await alice.page.waitForSelector('#status[data-state="connected"]', { timeout: 20_000 });
      const bob = await joinAs(browser, `${server.url}/`, 'bob');
      await say(alice.page, 'after the restart');
      await waitForLog(bob.page, 'alice: after the restart');
      // The browser logs the refused connections while the server is down; nothing else may fail.
      expect(unexpectedProblems(alice.problems)).to.deep.equal([]);
      expect(bob.problems).to.deep.equal([]);
      await alice.page.close();
      await bob.page.close();
    } finally {
      await server.kill();
      data.remove();
    }
  });
});
