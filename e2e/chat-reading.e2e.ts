// Reading the chat page in real Chromium: the log sticks to the bottom but leaves a reader who
// scrolled up alone, one author's messages group, notices fold, other rooms count their unread
// messages, the typing line stays quiet for screen readers, and on a phone the rooms fold away.
import { expect } from 'chai';
import type { Page } from 'puppeteer-core';
import { chatLog, joinAs, PHONE, say, switchRoom, waitForLog, waitForOnline, waitForText } from './helpers/chat-page.js';
import { useChatSuite } from './helpers/chat-suite.js';

const WAIT = { timeout: 10_000, polling: 100 };

/** Sends messages from `page` through its socket, each acked before the next (quicker than typing). */
async function send(page: Page, texts: string[]): Promise<void> {
  await page.evaluate(async (all) => {
    const socket = (window as unknown as { chat: { socket: { emitWithAck(...args: unknown[]): Promise<unknown> } } }).chat.socket;
    for (const text of all) await socket.emitWithAck('message', { text });
  }, texts);
}

/** How far the log is from its bottom, in pixels. */
function distanceFromBottom(page: Page): Promise<number> {
  return page.$eval('#messages', (list) => list.scrollHeight - list.scrollTop - list.clientHeight);
}

describe('e2e: reading the chat page', function () {
  this.timeout(60_000);
  const suite = useChatSuite();

  it('sticks to the bottom as messages come, but not once the reader scrolled up; "new messages" takes them down', async () => {
    const chat = await suite.chat();
    const alice = await joinAs(suite.browser, `${chat.url}/`, 'alice');
    const bob = await joinAs(suite.browser, `${chat.url}/`, 'bob');
    // A short log sits at the bottom, next to the composer.
    await send(bob.page, ['first']);
    await waitForLog(alice.page, 'bob: first');
    const [last, list] = await alice.page.$eval('#messages', (ul) => [ul.lastElementChild!.getBoundingClientRect().bottom, ul.getBoundingClientRect().bottom]);
    expect(list! - last!).to.be.below(30);

    await send(bob.page, Array.from({ length: 40 }, (_, i) => `line ${i}`));
    await waitForLog(alice.page, 'bob: line 39');
    expect(await distanceFromBottom(alice.page)).to.be.below(2);
    expect(await alice.page.$eval('#new-messages', (button) => (button as HTMLElement).hidden)).to.equal(true);

    await alice.page.$eval('#messages', (ul) => (ul.scrollTop = 0));
    await send(bob.page, ['while alice reads back']);
    await waitForLog(alice.page, 'bob: while alice reads back');
    expect(await alice.page.$eval('#messages', (ul) => ul.scrollTop)).to.equal(0);
    await alice.page.waitForSelector('#new-messages', { visible: true });

    await alice.page.bringToFront();
    await alice.page.click('#new-messages');
    await alice.page.waitForFunction(() => {
      const ul = document.querySelector('#messages')!;
      return ul.scrollHeight - ul.scrollTop - ul.clientHeight < 2;
    }, WAIT);
    expect(await alice.page.$eval('#new-messages', (button) => (button as HTMLElement).hidden)).to.equal(true);
    // Her own message always takes her down, even from the top.
    await alice.page.$eval('#messages', (ul) => (ul.scrollTop = 0));
    await say(alice.page, 'mine');
    await waitForLog(alice.page, 'alice: mine');
    expect(await distanceFromBottom(alice.page)).to.be.below(2);
  });

  it('groups consecutive messages of one author under one name (kept for screen readers)', async () => {
    const chat = await suite.chat();
    const alice = await joinAs(suite.browser, `${chat.url}/`, 'alice');
    const bob = await joinAs(suite.browser, `${chat.url}/`, 'bob');
    await send(bob.page, ['one', 'two', 'three']);
    await send(alice.page, ['reply']);
    await send(bob.page, ['four']);
    await waitForLog(alice.page, 'bob: four');
    const items = await alice.page.$$eval('#messages li.message', (lis) =>
      lis.map((li) => ({
        text: li.querySelector('.text')?.textContent,
        continued: li.classList.contains('continued'),
        author: li.querySelector('.author')?.textContent,
        nameShown: (li.querySelector('.meta') as HTMLElement).getBoundingClientRect().width > 1,
      })),
    );
    expect(items).to.deep.equal([
      { text: 'one', continued: false, author: 'bob', nameShown: true },
      { text: 'two', continued: true, author: 'bob', nameShown: false },
      { text: 'three', continued: true, author: 'bob', nameShown: false },
      { text: 'reply', continued: false, author: 'alice', nameShown: true },
      { text: 'four', continued: false, author: 'bob', nameShown: true },
    ]);
  });

  it('counts unread messages of the other room on its button, and clears the count when shown', async () => {
    const chat = await suite.chat();
    const alice = await joinAs(suite.browser, `${chat.url}/`, 'alice');
    const bob = await joinAs(suite.browser, `${chat.url}/`, 'bob');
    await switchRoom(bob.page, 'random');
    await send(bob.page, ['over here', 'in random']);
    await waitForText(alice.page, '#rooms button[data-room="random"] .unread', '2');
    expect(await alice.page.$eval('#rooms button[data-room="random"] .unread', (badge) => badge.getAttribute('aria-label'))).to.equal('2 unread messages');
    expect(await alice.page.$('#rooms button[data-room="general"] .unread')).to.equal(null);
    await switchRoom(alice.page, 'random');
    await waitForLog(alice.page, 'bob: in random');
    expect(await alice.page.$('#rooms button[data-room="random"] .unread')).to.equal(null);
    // Messages in the room she reads count nothing.
    await send(bob.page, ['seen as it comes']);
    await waitForLog(alice.page, 'bob: seen as it comes');
    expect(await alice.page.$$('#rooms .unread')).to.have.length(0);
    await switchRoom(bob.page, 'general');
    await waitForOnline(alice.page, ['alice']);
    await send(bob.page, ['back in general']);
    await waitForText(alice.page, '#rooms button[data-room="general"] .unread', '1');
  });

  it('folds consecutive join and leave notices into one line', async () => {
    const chat = await suite.chat();
    const alice = await joinAs(suite.browser, `${chat.url}/`, 'alice');
    const bob = await joinAs(suite.browser, `${chat.url}/`, 'bob');
    const carol = await joinAs(suite.browser, `${chat.url}/`, 'carol');
    await waitForLog(alice.page, 'alice, bob, carol joined');
    await say(alice.page, 'hello both');
    await waitForLog(carol.page, 'alice: hello both');
    await bob.page.close();
    await carol.page.close();
    await waitForLog(alice.page, 'bob, carol left');
    expect(await chatLog(alice.page)).to.deep.equal(['alice, bob, carol joined', 'alice: hello both', 'bob, carol left']);
  });

  it('shows who is typing without flooding screen readers: the line is aria-hidden, a polite summary speaks once', async () => {
    const chat = await suite.chat();
    const alice = await joinAs(suite.browser, `${chat.url}/`, 'alice');
    const bob = await joinAs(suite.browser, `${chat.url}/`, 'bob');
    const carol = await joinAs(suite.browser, `${chat.url}/`, 'carol');
    await waitForOnline(alice.page, ['alice', 'bob', 'carol']);
    expect(await alice.page.$eval('#typing', (line) => line.getAttribute('aria-hidden'))).to.equal('true');
    expect(await alice.page.$eval('#typing-summary', (summary) => [summary.getAttribute('aria-live'), summary.getAttribute('role'), summary.getAttribute('aria-atomic')])).to.deep.equal([
      'polite',
      'status',
      'true',
    ]);
    await alice.page.evaluate(() => {
      const changes = { count: 0 };
      (window as unknown as { summaryChanges: typeof changes }).summaryChanges = changes;
      new MutationObserver(() => changes.count++).observe(document.querySelector('#typing-summary')!, { childList: true, characterData: true, subtree: true });
    });
    await bob.page.bringToFront();
    await bob.page.type('#message', 'typing away');
    await waitForText(alice.page, '#typing', 'bob is typing…');
    await carol.page.bringToFront();
    await carol.page.type('#message', 'me too');
    await waitForText(alice.page, '#typing', 'bob and carol are typing…');
    expect(await alice.page.$eval('#typing-summary', (summary) => summary.textContent)).to.equal('bob is typing…');
    expect(await alice.page.evaluate(() => (window as unknown as { summaryChanges: { count: number } }).summaryChanges.count)).to.equal(1);
  });

  it('at 375 px the room list is folded away until the Rooms button opens it', async () => {
    const chat = await suite.chat();
    const { page, problems } = await joinAs(suite.browser, `${chat.url}/`, 'alice', PHONE);
    const visible = (selector: string) => page.$eval(selector, (el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().height > 0);
    expect(await visible('#sidebar')).to.equal(false);
    expect(await visible('#rooms-toggle')).to.equal(true);
    expect(await page.$eval('#rooms-toggle', (button) => [button.getAttribute('aria-expanded'), button.getAttribute('aria-controls')])).to.deep.equal(['false', 'sidebar']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(375);

    await page.bringToFront();
    await page.click('#rooms-toggle');
    expect(await visible('#sidebar')).to.equal(true);
    expect(await page.$eval('#rooms-toggle', (button) => button.getAttribute('aria-expanded'))).to.equal('true');
    await switchRoom(page, 'random');
    // Picking a room folds the list away again.
    await page.waitForFunction(() => document.querySelector('#rooms-toggle')?.getAttribute('aria-expanded') === 'false', WAIT);
    expect(await visible('#sidebar')).to.equal(false);
    expect(problems).to.deep.equal([]);
  });
});
