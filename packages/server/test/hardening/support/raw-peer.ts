// A peer at the TCP level, for attacks an HTTP client will not make: any bytes, a reset at any moment.
import net from 'node:net';

export interface RawPeer {
  socket: net.Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves once the connection is closed, by either side. */
  closed: Promise<void>;
  /** Resolves with what the server sent once it has sent `pattern` (or the connection closed). */
  answer(pattern?: RegExp): Promise<string>;
  /** Drops the connection with a TCP RST. */
  reset(): void;
  /** Destroys the connection (for a Disposer). */
  close(): void;
}

/** Connects to 127.0.0.1:`port`; errors (the server's resets) are expected and swallowed. */
export function connectRaw(port: number): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const waiters: Array<{ pattern: RegExp; resolve: (text: string) => void }> = [];
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      for (const waiter of waiters.filter((w) => w.pattern.test(text))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(text);
      }
    });
    void closed.then(() => waiters.splice(0).forEach((waiter) => waiter.resolve(text)));
    let connected = false;
    socket.once('error', (error) => {
      if (!connected) reject(error);
    });
    socket.on('error', () => {}); // ECONNRESET from the server is an outcome, not a failure
    socket.once('connect', () => {
      connected = true;
      resolve({
        socket,
        received: () => text,
        closed,
        answer: (pattern = /\r\n\r\n/) =>
          pattern.test(text) || socket.destroyed ? Promise.resolve(text) : new Promise((done) => waiters.push({ pattern, resolve: done })),
        reset: () => {
          if (!socket.destroyed) socket.resetAndDestroy();
        },
        close: () => socket.destroy(),
      });
    });
  });
}

/** An HTTP/1.1 request as raw text: request line, headers, blank line, body. */
export function rawRequest(method: string, target: string, headers: ReadonlyArray<readonly [string, string]>, body = ''): string {
  return `${method} ${target} HTTP/1.1\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`;
}

/** The h2c upgrade request curl --http2 sends to a plain-HTTP URL. */
export function h2cUpgrade(path: string): string {
  return rawRequest('GET', path, [
    ['Host', '127.0.0.1'],
    ['Connection', 'Upgrade, HTTP2-Settings'],
    ['Upgrade', 'h2c'],
    ['HTTP2-Settings', 'AAMAAABkAAQCAAAAAAIAAAAA'],
  ]);
}

/** Opens a polling session over a raw connection and returns its sid. */
export async function pollingHandshake(port: number): Promise<string> {
  const peer = await connectRaw(port);
  peer.socket.write(rawRequest('GET', '/rt/?EIO=4&transport=polling', [['Host', '127.0.0.1'], ['Connection', 'close']]));
  const text = await peer.answer(/"maxPayload":\d+/);
  peer.reset();
  const sid = /"sid":"([^"]+)"/.exec(text)?.[1];
  if (sid === undefined) throw new Error(`no sid in the handshake answer: ${text.slice(0, 300)}`);
  return sid;
}
