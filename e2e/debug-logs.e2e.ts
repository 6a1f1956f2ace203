// The client's debug logs in real Chromium: client.debug.js and `@rtio/client/debug` print the
// connection's life (rtio:engine, rtio:manager, rtio:socket) once `localStorage.debug` enables them;
// the minified builds (client.js, `@rtio/client`) print nothing, whatever localStorage says.
import { expect } from 'chai';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, ConsoleMessage, JSHandle, Page } from 'puppeteer-core';
import type { Socket as ServerSocket } from '@rtio/server';
import { launchBrowser, watchedPage } from './helpers/browser.js';
import { startAppServer, type AppServer } from './helpers/app-server.js';

type PageWindow = typeof window & { log: string[] };

const here = dirname(fileURLToPath(import.meta.url));
/** How long a test waits for one thing that should come at once, before failing with what it saw. */
const GUARD_MS = 10_000;

/** `promise`, or a rejection naming `what` (a function: evaluated then) after `ms`. */
function within<T>(promise: Promise<T>, what: string | (() => string), ms = GUARD_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${typeof what === 'string' ? what : what()}`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

interface ConsoleLine {
  /** console method: 'debug' for console.debug, 'log'… */
  type: string;
  /** The message as DevTools shows it: format applied, %c styles dropped. */
  text: string;
}

/**
 * A console argument's value: primitives as they are; objects from the preview Chromium took when
 * the message was logged (what DevTools shows collapsed), else as JSON now. The preview matters:
 * `debug` passes objects on as they are, and the client may change them right after logging.
 */
async function argValue(handle: JSHandle): Promise<unknown> {
  const remote = handle.remoteObject();
  if (remote.type !== 'object' && remote.type !== 'function') return remote.value ?? remote.unserializableValue ?? remote.description;
  const preview = remote.preview;
  if (preview && !preview.overflow && preview.properties.every((property) => property.type !== 'object' && property.type !== 'function')) {
    const value = (property: (typeof preview.properties)[number]): unknown =>
      property.type === 'number' ? Number(property.value) : property.type === 'boolean' ? property.value === 'true' : property.value;
    if (preview.subtype === 'array') return preview.properties.map(value);
    return Object.fromEntries(preview.properties.map((property) => [property.name, value(property)]));
  }
  try {
    return await handle.jsonValue();
  } catch {
    return remote.description;
  }
}

/**
 * Renders a console message as the console does: `debug` calls console.debug('%crtio:engine
 * %chandshake over %s…%c +0ms', 'color: …', …), and puppeteer's text() only joins the raw args.
 */
async function render(message: ConsoleMessage): Promise<string> {
  const args = await Promise.all(message.args().map(argValue));
  if (args.length === 0) return message.text();
  const [format, ...rest] = args;
  if (typeof format !== 'string') return [format, ...rest].map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' ');
  const text = format.replace(/%([csdifoOj%])/g, (token, kind: string) => {
    if (kind === '%') return '%';
    if (rest.length === 0) return token;
    const value = rest.shift();
    if (kind === 'c') return '';
    if (kind === 'o' || kind === 'O' || kind === 'j') return JSON.stringify(value);
    return String(value);
  });
  return [text, ...rest.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))].join(' ');
}

interface ConsoleCapture {
  lines: ConsoleLine[];
  /** The rtio: lines so far. */
  rtio(): ConsoleLine[];
  /** The first line (from `from` on) matching `pattern`, waiting for it. */
  waitFor(pattern: RegExp, from?: number): Promise<{ line: ConsoleLine; index: number; match: RegExpExecArray }>;
  /** Every message seen so far has been rendered into `lines`. */
  settled(): Promise<void>;
}

/** Records every console message of `page`, in order. */
function captureConsole(page: Page): ConsoleCapture {
  const lines: ConsoleLine[] = [];
  const waiters = new Set<() => void>();
  let chain = Promise.resolve(); // rendering is async: this keeps the lines in the page's order
  page.on('console', (message) => {
    chain = chain.then(async () => {
      lines.push({ type: message.type(), text: await render(message).catch(() => message.text()) });
      for (const wake of waiters) wake();
    });
  });
  const find = (pattern: RegExp, from: number) => {
    for (let index = from; index < lines.length; index++) {
      const match = pattern.exec(lines[index]!.text);
      if (match) return { line: lines[index]!, index, match };
    }
    return undefined;
  };
  return {
    lines,
    rtio: () => lines.filter((line) => line.text.includes('rtio:')),
    settled: () => chain,
    waitFor: (pattern, from = 0) => {
      const found = find(pattern, from);
      if (found) return Promise.resolve(found);
      let wake!: () => void;
      const seen = new Promise<NonNullable<ReturnType<typeof find>>>((resolve) => {
        wake = () => {
          const hit = find(pattern, from);
          if (hit) resolve(hit);
        };
        waiters.add(wake);
      });
      return within(seen, () => `a console line matching ${pattern}; seen:\n  ${lines.map((line) => `[${line.type}] ${line.text}`).join('\n  ')}`).finally(() => waiters.delete(wake));
    },
  };
}

/** What the page runs before the client loads: enables the logs, or makes sure they are off. */
const storage = (debug: boolean) => (debug ? `localStorage.debug = 'rtio:*';` : `localStorage.removeItem('debug');`);

// The page notes its own events in window.log, and prints one console.debug line of its own on
// connect: the proof that console.debug lines reach the capture, for the tests expecting none from rtio.
const PAGE_SCRIPT = `
  window.log = [];
  const socket = io();
  socket.on('connect', () => { window.log.push('connect'); console.debug('page: connect ' + socket.id); });
  socket.io.on('reconnect', (attempt) => window.log.push('reconnect ' + attempt));`;

/** A page loading the script-tag bundle `script`, localStorage.debug set first when `debug`. */
const scriptPage = (script: string, debug: boolean) => `<!doctype html><meta charset="utf-8"><title>debug logs</title>
<script>${storage(debug)}</script>
<script src="${script}"></script>
<script>${PAGE_SCRIPT}</script>`;

interface Connection {
  socket: ServerSocket;
  /** Resolves once the server saw this connection's engine upgrade to websocket. */
  upgraded: Promise<void>;
}

/** The server's connections, in order. */
function connections(server: AppServer): (index: number) => Promise<Connection> {
  const seen: Connection[] = [];
  const waiting = new Map<number, (connection: Connection) => void>();
  server.io.on('connection', (socket) => {
    const upgraded = new Promise<void>((resolve) => {
      if (socket.conn.transport.name === 'websocket') resolve();
      socket.conn.on('upgrade', () => resolve());
    });
    const connection = { socket, upgraded };
    seen.push(connection);
    waiting.get(seen.length - 1)?.(connection);
  });
  return (index) => {
    const known = seen[index];
    if (known) return Promise.resolve(known);
    return within(new Promise<Connection>((resolve) => waiting.set(index, resolve)), `server connection #${index + 1}`);
  };
}

/** The page's own event notes (window.log) once `entry` appears `count` times in them. */
async function pageLogged(page: Page, entry: string, count = 1): Promise<string[]> {
  await page.waitForFunction((e: string, n: number) => ((window as PageWindow).log ?? []).filter((x) => x === e).length >= n, { timeout: GUARD_MS }, entry, count);
  return page.evaluate(() => (window as PageWindow).log);
}

/**
 * The whole life the debug build logs, driven without the logs: connect, upgrade (server side),
 * the server closes the engine, the page reconnects. Once this returns, the debug build would have
 * printed every line test 1 looks for, and the reconnection's.
 */
async function connectUpgradeDropReconnect(page: Page, server: AppServer): Promise<string[]> {
  const connection = connections(server);
  await page.goto(`${server.url}/`);
  const first = await connection(0);
  await within(first.upgraded, 'the websocket upgrade (server side)');
  await pageLogged(page, 'connect');
  first.socket.conn.close();
  const second = await connection(1);
  expect(second.socket.id).to.not.equal(first.socket.id);
  return pageLogged(page, 'connect', 2);
}

describe('e2e: debug logs in Chromium', function () {
  this.timeout(30_000);
  let browser: Browser;
  const servers: AppServer[] = [];
  const pages: Page[] = [];

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    // Pages first: a page left open would go on reconnecting to a server that is closing.
    await Promise.all(pages.splice(0).map((page) => page.close().catch(() => undefined)));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function serve(html: string): Promise<AppServer> {
    const server = await startAppServer({ '/': html });
    servers.push(server);
    return server;
  }

  async function open(): Promise<{ page: Page; problems: string[]; console: ConsoleCapture }> {
    const { page, problems } = await watchedPage(browser);
    pages.push(page);
    return { page, problems, console: captureConsole(page) };
  }

  it("client.debug.js with localStorage.debug = 'rtio:*' logs the handshake, the websocket probe and upgrade, the connect, then the close and reconnect attempt 1", async () => {
    const server = await serve(scriptPage('/rt/client.debug.js', true));
    const connection = connections(server);
    const { page, problems, console } = await open();
    await page.goto(`${server.url}/`);
    const first = await connection(0);

    await console.waitFor(new RegExp(`^rtio:engine opening ${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/rt/, transports \\["polling","websocket"\\]`));
    const handshake = await console.waitFor(/^rtio:engine handshake over polling: sid ([^\s,]+), ping every \d+ ms \+ \d+ ms timeout, upgrades \["websocket"\]/);
    expect(handshake.match[1], 'the sid logged is the engine id the server gave').to.equal(first.socket.conn.id);
    const probing = await console.waitFor(/^rtio:engine probing websocket/);
    const upgraded = await console.waitFor(/^rtio:engine upgraded to websocket/);
    const connected = await console.waitFor(/^rtio:socket \/ connected: id (\S+)/);
    expect(connected.match[1], 'the socket id logged is the server socket id').to.equal(first.socket.id);
    expect(handshake.index).to.be.lessThan(probing.index);
    expect(probing.index).to.be.lessThan(upgraded.index);
    expect(handshake.index).to.be.lessThan(connected.index);
    await within(first.upgraded, 'the websocket upgrade (server side)');

    const beforeClose = console.lines.length;
    first.socket.conn.close();
    const closed = await console.waitFor(/^rtio:engine closed: transport close/, beforeClose);
    const attempt = await console.waitFor(/^rtio:manager reconnect attempt 1 in \d+ ms/, beforeClose);
    expect(closed.index).to.be.lessThan(attempt.index);
    // And the reconnection it announced happens, and is logged.
    await console.waitFor(/^rtio:manager reconnected on attempt 1/, attempt.index);
    await console.waitFor(/^rtio:socket \/ connected: id /, attempt.index);

    await console.settled();
    const rtio = console.rtio();
    // debug's browser build prints with console.debug (node_modules/debug/src/browser.js: exports.log).
    expect([...new Set(rtio.map((line) => line.type))]).to.deep.equal(['debug']);
    expect([...new Set(rtio.map((line) => /^rtio:\w+/.exec(line.text)?.[0]))].sort()).to.deep.equal(['rtio:engine', 'rtio:manager', 'rtio:socket']);
    // No leftover format tokens: every %s / %d / %o had its argument.
    expect(rtio.filter((line) => /%[sdifoOjc]/.test(line.text))).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it("client.js (minified) prints no rtio: line even with localStorage.debug = 'rtio:*', and still connects and reconnects", async () => {
    const server = await serve(scriptPage('/rt/client.js', true));
    const { page, problems, console } = await open();
    expect(await connectUpgradeDropReconnect(page, server)).to.deep.equal(['connect', 'reconnect 1', 'connect']);
    expect(await page.evaluate(() => localStorage.getItem('debug'))).to.equal('rtio:*');
    await console.waitFor(/^page: connect /); // console.debug lines do reach the capture
    await console.settled();
    expect(console.rtio()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  it('client.debug.js without localStorage.debug prints no rtio: line, and connects and reconnects', async () => {
    const server = await serve(scriptPage('/rt/client.debug.js', false));
    const { page, problems, console } = await open();
    expect(await connectUpgradeDropReconnect(page, server)).to.deep.equal(['connect', 'reconnect 1', 'connect']);
    expect(await page.evaluate(() => localStorage.getItem('debug'))).to.equal(null);
    await console.waitFor(/^page: connect /);
    await console.settled();
    expect(console.rtio()).to.deep.equal([]);
    expect(problems).to.deep.equal([]);
  });

  describe('an SPA bundled by esbuild', () => {
    /** The SPA importing `specifier`, bundled for browsers through @rtio/client's package.json exports. */
    async function bundleSpa(specifier: string): Promise<{ code: string; inputs: string[] }> {
      const bundled = await build({
        stdin: { contents: `import { io } from '${specifier}';\n${PAGE_SCRIPT}`, resolveDir: here, loader: 'js' },
        bundle: true,
        format: 'esm',
        platform: 'browser', // conditions: browser, import, module, default; never rtio-source
        write: false,
        metafile: true,
        absWorkingDir: join(here, '..'), // metafile inputs relative to the workspace root
        logLevel: 'silent',
      });
      return { code: bundled.outputFiles[0]?.text ?? '', inputs: Object.keys(bundled.metafile.inputs) };
    }
    const spaPage = (code: string) => `<!doctype html><meta charset="utf-8"><title>spa</title>
<script>${storage(true)}</script>
<script type="module">${code}</script>`;

    it("importing '@rtio/client/debug' logs rtio: lines with localStorage.debug set", async () => {
      const { code, inputs } = await bundleSpa('@rtio/client/debug');
      expect(inputs.filter((input) => input.includes('packages/client/'))).to.deep.equal(['packages/client/dist/browser/index.debug.js']);
      expect(code, 'the browser build must not pull ws').to.not.match(/require\("ws"\)|from "ws"/);
      const server = await serve(spaPage(code));
      const { page, problems, console } = await open();
      const connection = connections(server);
      await page.goto(`${server.url}/`);
      const first = await connection(0);
      const handshake = await console.waitFor(/^rtio:engine handshake over polling: sid ([^\s,]+),/);
      expect(handshake.match[1]).to.equal(first.socket.conn.id);
      await console.waitFor(/^rtio:engine upgraded to websocket/);
      const connected = await console.waitFor(/^rtio:socket \/ connected: id (\S+)/);
      expect(connected.match[1]).to.equal(first.socket.id);
      await within(first.upgraded, 'the websocket upgrade (server side)');
      const beforeClose = console.lines.length;
      first.socket.conn.close();
      await console.waitFor(/^rtio:engine closed: transport close/, beforeClose);
      await console.waitFor(/^rtio:manager reconnect attempt 1 in \d+ ms/, beforeClose);
      await console.settled();
      expect([...new Set(console.rtio().map((line) => line.type))]).to.deep.equal(['debug']);
      expect(problems).to.deep.equal([]);
    });

    it("importing '@rtio/client' logs no rtio: line with localStorage.debug set, and connects and reconnects", async () => {
      const { code, inputs } = await bundleSpa('@rtio/client');
      expect(inputs.filter((input) => input.includes('packages/client/'))).to.deep.equal(['packages/client/dist/browser/index.browser.js']);
      const server = await serve(spaPage(code));
      const { page, problems, console } = await open();
      expect(await connectUpgradeDropReconnect(page, server)).to.deep.equal(['connect', 'reconnect 1', 'connect']);
      expect(await page.evaluate(() => localStorage.getItem('debug'))).to.equal('rtio:*');
      await console.waitFor(/^page: connect /);
      await console.settled();
      expect(console.rtio()).to.deep.equal([]);
      expect(problems).to.deep.equal([]);
    });
  });
});
