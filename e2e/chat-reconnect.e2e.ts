// The chat page across restarts, network drops and reloads, in real Chromium: the history is on
// disk, a page that reconnects merges what it missed (once each), and what it says about the
// connection is true (errors clear, the online list greys out, a reload keeps name and room).
import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { chatLog, joinAs, openChat, say, switchRoom, unexpectedProblems, waitForLog, waitForOnline, waitForText } from './helpers/chat-page.js';
import { startChatProcess, tempDataDir, type ChatProcess } from './helpers/chat-process.js';
import { useChatSuite } from './helpers/chat-suite.js';

const WAIT = { timeout: 10_000, polling: 100 };

/** The messages of the log, as "name: text". */
async function messages(page: Page): Promise<string[]> {
  return (await chatLog(page)).filter((entry) => /^[^ ]+: /.test(entry));
}

async function waitForStatus(page: Page, state: 'connected' | 'reconnecting'): Promise<void> {
  await page.waitForSelector(`#status[data-state="${state}"]`, { timeout: 20_000 });
}

/** Waits until the page rejoined after a reconnect: the server's online list is back. */
async function waitForRejoin(page: Page): Promise<void> {
  await waitForStatus(page, 'connected');
  await page.waitForFunction(() => document.querySelector('#online-panel')?.hasAttribute('data-stale') === false, WAIT);
}

describe('e2e: the chat across restarts, drops and reloads', function () {
  this.timeout(60_000);
  const suite = useChatSuite();

  it('keeps the history on disk: after a server restart on the same data directory it is all there, once', async () => {
    const data = tempDataDir();
    suite.later(() => data.remove());
    let server: ChatProcess = await startChatProcess(0, { CHAT_DATA_DIR: data.dir });
    suite.later(() => server.kill());
    const alice = await joinAs(suite.browser, `${server.url}/`, 'alice');
    await say(alice.page, 'written before the restart');
    await say(alice.page, 'and a second one');
    await waitForLog(alice.page, 'alice: and a second one');

    await server.kill();
    await waitForStatus(alice.page, 'reconnecting');
    server = await startChatProcess(server.port, { CHAT_DATA_DIR: data.dir });
    await waitForRejoin(alice.page);
    expect(await messages(alice.page)).to.deep.equal(['alice: written before the restart', 'alice: and a second one']);

    // Someone who was never there reads it from the new process: it came from the disk.
    const bob = await joinAs(suite.browser, `${server.url}/`, 'bob');
    await waitForLog(bob.page, 'alice: and a second one');
    expect(await messages(bob.page)).to.deep.equal(['alice: written before the restart', 'alice: and a second one']);

    // And a reload of the first page shows it once more, from the server, once.
    await alice.page.reload();
    await waitForLog(alice.page, 'alice: and a second one');
    expect(await messages(alice.page)).to.deep.equal(['alice: written before the restart', 'alice: and a second one']);
    expect(unexpectedProblems(alice.problems)).to.deep.equal([]);
    expect(bob.problems).to.deep.equal([]);
  });

  it('after a network drop the page keeps what it showed and adds what it missed, once each, in order', async () => {
    const chat = await suite.chat();
    const proxy = await suite.proxy(chat.url);
    const alice = await joinAs(suite.browser, `${proxy.url}/`, 'alice');
    const bob = await joinAs(suite.browser, `${chat.url}/`, 'bob');
    await say(alice.page, 'hi bob');
    await waitForLog(bob.page, 'alice: hi bob');
    await say(bob.page, 'hi alice');
    await waitForLog(alice.page, 'bob: hi alice');

    proxy.cut();
    await waitForStatus(alice.page, 'reconnecting');
    await say(bob.page, 'are you there?');
    await say(bob.page, 'you missed this');
    await waitForLog(bob.page, 'bob: you missed this');
    proxy.restore();

    await waitForRejoin(alice.page);
    await waitForLog(alice.page, 'bob: you missed this');
    await say(bob.page, 'welcome back');
    await waitForLog(alice.page, 'bob: welcome back');
    expect(await messages(alice.page)).to.deep.equal(['alice: hi bob', 'bob: hi alice', 'bob: are you there?', 'bob: you missed this', 'bob: welcome back']);
    // The notices alice saw before the drop are still there too.
    expect((await chatLog(alice.page))[0]).to.equal('alice, bob joined');
    expect(unexpectedProblems(alice.problems)).to.deep.equal([]);
  });

  it('the "Not connected" error under the composer goes once the connection is back', async () => {
    const chat = await suite.chat();
    const proxy = await suite.proxy(chat.url);
    const { page, problems } = await joinAs(suite.browser, `${proxy.url}/`, 'alice');
    proxy.cut();
    await waitForStatus(page, 'reconnecting');
    await say(page, 'into the void');
    await page.waitForFunction(() => /Not connected/.test(document.querySelector('#message-error')?.textContent ?? ''), WAIT);
    proxy.restore();
    await waitForRejoin(page);
    await waitForText(page, '#message-error', '');
    expect(unexpectedProblems(problems)).to.deep.equal([]);
  });

  it('greys the online list out while offline, says so, and brings it back once reconnected', async () => {
    const chat = await suite.chat();
    const proxy = await suite.proxy(chat.url);
    const { page, problems } = await joinAs(suite.browser, `${proxy.url}/`, 'alice');
    await waitForOnline(page, ['alice']);
    const look = () =>
      page.$eval('#online-panel', (panel) => ({
        stale: panel.getAttribute('data-stale'),
        label: (panel.querySelector('#online-stale') as HTMLElement).hidden ? '' : panel.querySelector('#online-stale')?.textContent,
        described: panel.getAttribute('aria-describedby'),
        opacity: Number(getComputedStyle(panel.querySelector('#online') as Element).opacity),
      }));
    expect(await look()).to.deep.equal({ stale: null, label: '', described: 'online-stale', opacity: 1 });

    proxy.cut();
    await waitForStatus(page, 'reconnecting');
    const offline = await look();
    expect(offline).to.include({ stale: 'true', label: 'Offline: this list may be out of date' });
    expect(offline.opacity).to.be.below(1);

    proxy.restore();
    await waitForRejoin(page);
    expect(await look()).to.deep.equal({ stale: null, label: '', described: 'online-stale', opacity: 1 });
    expect(unexpectedProblems(problems)).to.deep.equal([]);
  });

  it('a reload keeps the name and the room, and joins again by itself', async () => {
    const chat = await suite.chat();
    const { page, problems } = await joinAs(suite.browser, `${chat.url}/`, 'alice');
    await switchRoom(page, 'random');
    await say(page, 'in random');
    await waitForLog(page, 'alice: in random');

    await page.reload();
    await page.waitForSelector('#chat', { visible: true, timeout: 10_000 });
    await waitForText(page, '#room-title', '#random');
    await waitForText(page, '#me', 'alice');
    await waitForOnline(page, ['alice']);
    await waitForLog(page, 'alice: in random');
    expect(await page.$eval('#name-form', (form) => (form as HTMLElement).hidden)).to.equal(true);
    expect(await page.$eval('#rooms button[aria-current="true"]', (button) => button.getAttribute('data-room'))).to.equal('random');
    const names = [...chat.io.of('/').sockets.values()].map((socket) => [socket.data.name, socket.data.room]);
    expect(names).to.deep.equal([['alice', 'random']]);

    // A second tab of the same browser remembers the name too, but cannot be alice twice.
    const context = page.browserContext();
    const second = await context.newPage();
    await second.goto(`${chat.url}/`);
    await waitForText(second, '#name-error', 'That name is taken');
    expect(await second.$eval('#name', (input) => (input as HTMLInputElement).value)).to.equal('alice');
    expect(problems).to.deep.equal([]);
  });

  it('a page opened fresh shows the join form, with nothing remembered', async () => {
    const chat = await suite.chat();
    const { page } = await openChat(suite.browser, `${chat.url}/`);
    expect(await page.$eval('#name-form', (form) => (form as HTMLElement).hidden)).to.equal(false);
    expect(await page.$eval('#name', (input) => (input as HTMLInputElement).value)).to.equal('');
  });
});
