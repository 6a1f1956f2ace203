// Names in the chat page, in real Chromium: NFKC-normalised and compared without case by the server
// (the page gives the same answer before sending), invisible characters refused, and the inputs'
// maxlength the server's own limits.
import { expect } from 'chai';
import { ERRORS, MAX_MESSAGE, MAX_NAME, NAME_ERRORS } from '../examples/chat/chat-server.js';
import { joinAs, openChat, submitName, waitForOnline, waitForText } from './helpers/chat-page.js';
import { useChatSuite } from './helpers/chat-suite.js';

describe('e2e: names in the chat page', function () {
  this.timeout(60_000);
  const suite = useChatSuite();

  it('refuses alice with a zero-width space or a direction override, with a clear error, in the page and on the server', async () => {
    const chat = await suite.chat();
    const { page, problems } = await openChat(suite.browser, `${chat.url}/`);
    for (const name of ['alice\u200b', 'ali\u202ece', '\ufeffalice', 'alice\u2060']) {
      await submitName(page, name);
      await waitForText(page, '#name-error', NAME_ERRORS.invisible);
      await page.evaluate(() => (document.querySelector('#name-error')!.textContent = ''));
    }
    // Past the page's own check, the server says the same.
    const answer = await page.evaluate(() => (window as unknown as { chat: { socket: { emitWithAck(...args: unknown[]): Promise<unknown> } } }).chat.socket.emitWithAck('join', { name: 'alice\u200b' }));
    expect(answer).to.deep.equal({ error: NAME_ERRORS.invisible });
    expect(await page.$eval('#chat', (chatView) => (chatView as HTMLElement).hidden)).to.equal(true);
    expect([...chat.io.of('/').sockets.values()].map((socket) => socket.data.name)).to.deep.equal([undefined]);
    expect(problems).to.deep.equal([]);
  });

  it('treats a fullwidth ａｌｉｃｅ (NFKC) and ALICE as alice: taken while alice is here', async () => {
    const chat = await suite.chat();
    const alice = await joinAs(suite.browser, `${chat.url}/`, 'alice');
    const other = await openChat(suite.browser, `${chat.url}/`);
    for (const name of ['ａｌｉｃｅ', 'ALICE', ' Alice ']) {
      await submitName(other.page, name);
      await waitForText(other.page, '#name-error', ERRORS.nameTaken);
      await other.page.evaluate(() => (document.querySelector('#name-error')!.textContent = ''));
    }
    await alice.page.close();
    // Once alice is gone the fullwidth name is free, and it is shown as the server keeps it.
    const watcher = await joinAs(suite.browser, `${chat.url}/`, 'watcher');
    await waitForOnline(watcher.page, ['watcher']);
    await submitName(other.page, 'ａｌｉｃｅ');
    await other.page.waitForSelector('#chat', { visible: true });
    await waitForText(other.page, '#me', 'alice');
    await waitForOnline(watcher.page, ['alice', 'watcher']);
    expect(other.problems).to.deep.equal([]);
  });

  it("the inputs' maxlength is the server's MAX_NAME and MAX_MESSAGE", async () => {
    const chat = await suite.chat();
    const { page } = await openChat(suite.browser, `${chat.url}/`);
    expect(await page.$eval('#name', (input) => (input as HTMLInputElement).getAttribute('maxlength'))).to.equal(String(MAX_NAME));
    await page.type('#name', 'n'.repeat(MAX_NAME + 5));
    expect(await page.$eval('#name', (input) => (input as HTMLInputElement).value)).to.equal('n'.repeat(MAX_NAME));
    await page.click('#name-form button');
    await page.waitForSelector('#chat', { visible: true });
    expect(await page.$eval('#message', (input) => (input as HTMLInputElement).getAttribute('maxlength'))).to.equal(String(MAX_MESSAGE));
  });
});
