// Screenshots of a friendly conversation in the chat page: desktop (1100×700) and phone (375×740)
// to e2e/artifacts/ (git-ignored); with RTIO_UPDATE_SCREENSHOT=1 the desktop one also becomes
// docs/chat.png, the README's picture (test runs leave the tree clean otherwise).
import { expect } from 'chai';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { DESKTOP, joinAs, PHONE, say, switchRoom, waitForLog, waitForOnline, waitForText } from './helpers/chat-page.js';
import { useChatSuite } from './helpers/chat-suite.js';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const readmeScreenshot = join(here, '../docs/chat.png');

/** PNG width and height, from its IHDR chunk. */
function pngSize(buffer: Uint8Array): [number, number] {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

async function shoot(page: Page, path: string, size: { width: number; height: number }): Promise<void> {
  await page.bringToFront();
  const png = await page.screenshot({ path });
  expect(pngSize(png)).to.deep.equal([size.width, size.height]);
  expect(statSync(path).size).to.be.above(10_000);
}

describe('e2e: chat screenshots', function () {
  this.timeout(60_000);
  const suite = useChatSuite();

  it('a conversation of a few people, on a desktop and on a phone', async () => {
    const chat = await suite.chat();
    const url = `${chat.url}/`;
    // Sam is in #random before the others come, so #general only shows their arrival.
    const sam = await joinAs(suite.browser, url, 'Sam', DESKTOP);
    await switchRoom(sam.page, 'random');
    const maya = await joinAs(suite.browser, url, 'Maya', DESKTOP);
    const jonas = await joinAs(suite.browser, url, 'Jonas', PHONE);
    const priya = await joinAs(suite.browser, url, 'Priya', DESKTOP);
    await waitForOnline(maya.page, ['Jonas', 'Maya', 'Priya']);

    const conversation: [Page, string][] = [
      [jonas.page, 'Morning all! Did anyone try the new build yet?'],
      [maya.page, 'Yes, reconnecting feels much smoother now'],
      [maya.page, 'I pulled the network cable on purpose and nothing got lost'],
      [priya.page, 'Same here. The history even survived a server restart.'],
      [jonas.page, 'Nice work, everyone. Lunch at 12:30?'],
      [maya.page, 'Count me in'],
    ];
    for (const [page, text] of conversation) await say(page, text);
    await waitForLog(maya.page, 'Maya: Count me in');
    await say(sam.page, 'Photos from the weekend hike are up!');
    await waitForText(maya.page, '#rooms button[data-room="random"] .unread', '1');
    await priya.page.bringToFront();
    await priya.page.type('#message', 'Sounds good, I');
    await waitForText(maya.page, '#typing', 'Priya is typing…');
    await waitForText(jonas.page, '#typing', 'Priya is typing…');

    mkdirSync(artifacts, { recursive: true });
    await shoot(maya.page, join(artifacts, 'chat-desktop.png'), DESKTOP);
    await shoot(jonas.page, join(artifacts, 'chat-mobile.png'), PHONE);
    if (process.env.RTIO_UPDATE_SCREENSHOT === '1') await shoot(maya.page, readmeScreenshot, DESKTOP);
    for (const { problems } of [maya, jonas, priya, sam]) expect(problems).to.deep.equal([]);
  });
});
