// Mocha hooks most e2e suites share: one Chromium for the suite, app servers closed after each test.
import type { Browser } from 'puppeteer-core';
import { launchBrowser } from './browser.js';
import { startAppServer, type AppServer } from './app-server.js';

export interface BrowserAndServers {
  /** The suite's browser (set once `before` has run). */
  readonly browser: Browser;
  /** An app server serving `pages`, closed after the test. */
  serve(pages: Record<string, string>, options?: Parameters<typeof startAppServer>[1]): Promise<AppServer>;
}

/** Call inside `describe`: registers the hooks and hands out the browser and servers. */
export function useBrowserAndServers(): BrowserAndServers {
  let browser: Browser | undefined;
  const servers: AppServer[] = [];
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser is launched in before()');
      return browser;
    },
    async serve(pages, options) {
      const server = await startAppServer(pages, options);
      servers.push(server);
      return server;
    },
  };
}
