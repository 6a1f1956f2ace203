// Mocha hooks the chat's e2e files share: one Chromium for the file, and a disposal list that
// closes after each test whatever the test started (chats, proxies, processes, directories).
import type { Browser } from 'puppeteer-core';
import { createMemoryStore, startChat, type Chat } from '../../examples/chat/chat-server.js';
import { launchBrowser } from './browser.js';
import { startCuttableProxy, type CuttableProxy } from '../../packages/server/test/helpers/cuttable-proxy.js';

export interface ChatSuite {
  readonly browser: Browser;
  /** An in-process chat on port 0 with its history in memory, closed after the test. */
  chat(): Promise<Chat>;
  /** A cuttable proxy in front of `url`, closed after the test. */
  proxy(url: string): Promise<CuttableProxy>;
  /** Runs `dispose` after the test (last registered, first run). */
  later(dispose: () => unknown): void;
}

/** Call inside `describe`. */
export function useChatSuite(): ChatSuite {
  let browser: Browser | undefined;
  const disposals: (() => unknown)[] = [];
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    // The test's pages first (each in a context of its own, see openChat), then its servers.
    for (const context of browser?.browserContexts() ?? []) if (context !== browser?.defaultBrowserContext()) await context.close();
    for (const dispose of disposals.splice(0).reverse()) await dispose();
  });
  const later = (dispose: () => unknown) => void disposals.push(dispose);
  return {
    get browser() {
      if (!browser) throw new Error('the browser is launched in before()');
      return browser;
    },
    async chat() {
      const chat = await startChat({ port: 0, host: '127.0.0.1', store: createMemoryStore() });
      later(() => chat.close());
      return chat;
    },
    async proxy(url) {
      const proxy = await startCuttableProxy(url);
      later(() => proxy.close());
      return proxy;
    },
    later,
  };
}
