// The chat page driven in Chromium: open it, join, say something, read the log back. Every wait is
// for a condition in the page (polled: requestAnimationFrame never fires in a page behind another).
import type { Browser, Page } from 'puppeteer-core';
import { watchedPage, type WatchedPage } from './browser.js';

export const DESKTOP = { width: 1100, height: 700 };
export const PHONE = { width: 375, height: 740, isMobile: true, hasTouch: true };
const WAIT = { timeout: 10_000, polling: 100 };

/**
 * Opens the chat page at `url` in a browser context of its own and waits until it is connected:
 * pages of one context share localStorage, where the page keeps its name for the next reload.
 */
export async function openChat(browser: Browser, url: string, viewport: Parameters<Page['setViewport']>[0] = { width: 900, height: 560 }): Promise<WatchedPage> {
  const context = await browser.createBrowserContext();
  // watchedPage() only calls newPage(), which a context has too.
  const watched = await watchedPage(context as unknown as Browser);
  watched.page.once('close', () => void context.close().catch(() => {}));
  await watched.page.setViewport(viewport);
  await watched.page.goto(url);
  await watched.page.waitForSelector('#status[data-state="connected"]');
  return watched;
}

/** Opens the chat page and joins under `name`; resolves once the chat view shows. */
export async function joinAs(browser: Browser, url: string, name: string, viewport?: Parameters<Page['setViewport']>[0]): Promise<WatchedPage> {
  const watched = await openChat(browser, url, viewport);
  await submitName(watched.page, name);
  await watched.page.waitForSelector('#chat', { visible: true });
  return watched;
}

/** Types `name` into the join form and submits it. */
export async function submitName(page: Page, name: string): Promise<void> {
  await page.bringToFront(); // typing and clicking act on the page in front
  await page.click('#name', { count: 3 });
  await page.keyboard.press('Backspace');
  await page.type('#name', name);
  await page.click('#name-form button');
}

export async function say(page: Page, text: string): Promise<void> {
  await page.bringToFront();
  await page.type('#message', text);
  await page.keyboard.press('Enter');
}

/** Texts of the chat log: messages as "name: text", notices as they read. */
export function chatLog(page: Page): Promise<string[]> {
  return page.$$eval('#messages li', (items) =>
    items.map((li) =>
      li.classList.contains('message') ? `${li.querySelector('.author')?.textContent}: ${li.querySelector('.text')?.textContent}` : (li.textContent ?? ''),
    ),
  );
}

/** Waits until the log has `entry` (as chatLog() spells it). */
export async function waitForLog(page: Page, entry: string): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      Array.from(document.querySelectorAll('#messages li')).some((li) =>
        li.classList.contains('message') ? `${li.querySelector('.author')?.textContent}: ${li.querySelector('.text')?.textContent}` === wanted : li.textContent === wanted,
      ),
    WAIT,
    entry,
  );
}

/** Waits until the text of `selector` is `text`. */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction((s, t) => document.querySelector(s)?.textContent === t, WAIT, selector, text);
}

/** Waits until the online list reads `names` (in order). */
export async function waitForOnline(page: Page, names: string[]): Promise<void> {
  await page.waitForFunction(
    (wanted) => Array.from(document.querySelectorAll('#online li')).map((li) => li.textContent).join(',') === wanted,
    WAIT,
    names.join(','),
  );
}

/** Clicks the room button of `room` and waits until the page shows it. */
export async function switchRoom(page: Page, room: string): Promise<void> {
  await page.bringToFront();
  await page.click(`#rooms button[data-room="${room}"]`);
  await waitForText(page, '#room-title', `#${room}`);
}

/** The page's problems, without the refused connections a browser logs while a server is down. */
export function unexpectedProblems(problems: string[]): string[] {
  return problems.filter((problem) => !/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_CONNECTION_CLOSED|WebSocket connection to .* failed/.test(problem));
}
