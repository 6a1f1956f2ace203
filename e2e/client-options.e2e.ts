// Client options that only mean something in a browser: closeOnBeforeunload, and binaryType's
// default ('arraybuffer'), in real Chromium with the page loading /rt/client.js.
import { expect } from 'chai';
import type { Socket } from '@rtio/server';
import { watchedPage } from './helpers/browser.js';
import { useBrowserAndServers } from './helpers/browser-and-servers.js';

type PageWindow = typeof window & {
  log: string[];
  socket: { id?: string; connected: boolean; io: { engine: { transport: { name: string }; binaryType: string } }; timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } };
  results?: unknown[];
};

/** A page whose socket is `io(options)`, logging its connect and disconnect (with the reason). */
const socketPage = (options: object) => `<!doctype html><meta charset="utf-8"><script src="/rt/client.js"></script><script>
  window.log = [];
  window.socket = io(${JSON.stringify(options)});
  socket.on('connect', () => window.log.push('connect'));
  socket.on('disconnect', (reason) => window.log.push('disconnect:' + reason));
</script>`;

/** Rejects if `promise` has not settled within `ms`: a guard, so a missing event fails the test by name. */
function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

// The websocket case goes the default way (polling, then the upgrade); the other never leaves polling.
const TRANSPORTS = [
  { label: 'websocket (upgraded)', options: {}, transport: 'websocket' },
  { label: 'polling only', options: { transports: ['polling'] }, transport: 'polling' },
] as const;

describe('e2e: client options in Chromium', function () {
  this.timeout(30_000);
  const suite = useBrowserAndServers();
  const serve = suite.serve;

  /**
   * Serves a socketPage, opens it and waits until its one socket is connected on `transport` on
   * both ends. Records what the server's side sees: disconnects (reason) and engine packet types.
   */
  async function openConnected(options: object, transport: string) {
    const server = await serve({ '/': socketPage(options) });
    const seen = { connections: 0, disconnects: [] as string[], packets: [] as string[] };
    const onTransport = new Promise<Socket>((resolve) => {
      server.io.on('connection', (socket) => {
        seen.connections++;
        socket.on('disconnect', (reason: string) => seen.disconnects.push(reason));
        socket.conn.on('packet', (packet: { type: string }) => seen.packets.push(packet.type));
        socket.on('check', (text: string, ack: (reply: string) => void) => ack(`still here: ${text}`));
        if (socket.conn.transport.name === transport) resolve(socket);
        else socket.conn.on('upgrade', () => resolve(socket));
      });
    });
    const { page, problems } = await watchedPage(suite.browser);
    await page.goto(`${server.url}/`);
    const socket = await within(onTransport, `connection on ${transport}`);
    // The page's side switches transports on its own schedule: wait for it there too.
    await page.waitForFunction(
      (name) => (window as PageWindow).socket.connected && (window as PageWindow).socket.io.engine.transport.name === name,
      { timeout: 10_000 },
      transport,
    );
    return { server, socket, seen, page, problems };
  }

  for (const { label, options, transport } of TRANSPORTS) {
    it(`closeOnBeforeunload: a beforeunload event closes the connection with a close packet ('transport close' on both ends), ${label}`, async () => {
      const { socket, seen, page, problems } = await openConnected({ ...options, closeOnBeforeunload: true, reconnection: false }, transport);
      const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason: string) => resolve(reason)));
      await page.evaluate(() => window.dispatchEvent(new Event('beforeunload')));
      expect(await within(disconnected, 'server-side disconnect')).to.equal('transport close');
      // A clean goodbye, not a cut connection: the client said so with an Engine.IO close packet.
      expect(seen.packets).to.include('close');
      await page.waitForFunction(() => (window as PageWindow).log.length > 1, { timeout: 10_000 });
      expect(await page.evaluate(() => (window as PageWindow).log)).to.deep.equal(['connect', 'disconnect:transport close']);
      expect(seen.connections).to.equal(1);
      expect(problems).to.deep.equal([]);
    });

    it(`without closeOnBeforeunload a beforeunload event changes nothing: an acked round trip after it, ${label}`, async () => {
      const { seen, page, problems } = await openConnected({ ...options, reconnection: false }, transport);
      const idBefore = await page.evaluate(() => (window as PageWindow).socket.id);
      await page.evaluate(() => window.dispatchEvent(new Event('beforeunload')));
      // The ack comes back over the same connection (reconnection is off, so it cannot be a new one).
      const reply = await page.evaluate(() => (window as PageWindow).socket.timeout(5_000).emitWithAck('check', 'after beforeunload'));
      expect(reply).to.equal('still here: after beforeunload');
      expect(await page.evaluate(() => [(window as PageWindow).socket.connected, (window as PageWindow).socket.id])).to.deep.equal([true, idBefore]);
      expect(await page.evaluate(() => (window as PageWindow).log)).to.deep.equal(['connect']);
      expect(seen).to.deep.include({ connections: 1, disconnects: [] });
      expect(seen.packets).to.not.include('close');
      expect(problems).to.deep.equal([]);
    });
  }

  // Each transport carries binary its own way (polling: base64 in the text payload, websocket: a
  // binary frame); both must hand the page an ArrayBuffer.
  for (const transport of ['polling', 'websocket'] as const) {
    it(`binaryType defaults to 'arraybuffer': a server-emitted Buffer arrives as an ArrayBuffer with its bytes, ${transport} only`, async () => {
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i));
      const server = await serve({
        '/': `<!doctype html><meta charset="utf-8"><script src="/rt/client.js"></script><script>
          const socket = io({ transports: ['${transport}'] });
          socket.on('bytes', (data) => {
            window.results = [socket.io.engine.binaryType, socket.io.engine.transport.name, data instanceof ArrayBuffer, Array.from(new Uint8Array(data))];
          });
        </script>`,
      });
      server.io.on('connection', (socket) => socket.emit('bytes', bytes));
      const { page, problems } = await watchedPage(suite.browser);
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => (window as PageWindow).results !== undefined, { timeout: 10_000 });
      const [binaryType, name, isArrayBuffer, received] = (await page.evaluate(() => (window as PageWindow).results)) as unknown[];
      expect(binaryType).to.equal('arraybuffer');
      expect(name).to.equal(transport);
      expect(isArrayBuffer, 'data instanceof ArrayBuffer').to.equal(true);
      expect(received).to.deep.equal([...bytes]);
      expect(problems).to.deep.equal([]);
    });
  }
});
