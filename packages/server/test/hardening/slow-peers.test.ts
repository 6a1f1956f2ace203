// Slow and idle peers on the http server rtio creates (`new Server(port)`): a connection that never
// finishes its headers or its body is closed in bounded time; held polls and WebSockets are not.
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { expect } from 'chai';
import { OWN_HTTP_SERVER_OPTIONS, Server } from '../../src/index.js';
import { Disposer } from '../helpers/index.js';
import { connect } from '../socket/support/server-under-test.js';
import { within } from '../socket/support/events.js';
import { connectRaw, pollingHandshake } from './support/raw-peer.js';

async function ownServer(disposer: Disposer, options: ConstructorParameters<typeof Server>[1] = {}): Promise<{ io: Server; port: number }> {
  const io = new Server(0, options);
  disposer.add(() => io.close());
  const httpServer = io.httpServer as NonNullable<Server['httpServer']>;
  if (!httpServer.listening) await once(httpServer, 'listening');
  return { io, port: (httpServer.address() as AddressInfo).port };
}

describe('hardening: slow and idle peers on rtio’s own http server', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('creates its http server with bounded header, request and keep-alive timeouts, checked every second', async () => {
    const { io } = await ownServer(disposer);
    expect(io.httpServer).to.include({ headersTimeout: 10_000, requestTimeout: 60_000, keepAliveTimeout: 5_000 });
    expect(OWN_HTTP_SERVER_OPTIONS.connectionsCheckingInterval).to.equal(1_000);
  });

  for (const [what, request] of [
    ['sends nothing', () => ''],
    ['never finishes its headers', () => 'GET /rt/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a'],
    ['never finishes the body of a polling POST', (sid: string) => `POST /rt/?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n4`],
  ] as const) {
    it(`closes a connection that ${what}, answering 408`, async () => {
      const { io, port } = await ownServer(disposer);
      const bytes = request(await pollingHandshake(port));
      // Shorter deadlines for the test; the check runs at the interval rtio set when it listened.
      Object.assign(io.httpServer as object, { headersTimeout: 200, requestTimeout: 400 });
      const peer = disposer.add(await connectRaw(port));
      peer.socket.write(bytes);
      await within(peer.closed, 3000, 'the server to close the slow connection');
      expect(peer.received()).to.match(/^HTTP\/1\.1 408 /);
    });
  }

  it('keeps a held polling GET and a WebSocket past the header and request deadlines', async () => {
    const { io, port } = await ownServer(disposer, { pingInterval: 1500, pingTimeout: 1000 });
    Object.assign(io.httpServer as object, { headersTimeout: 200, requestTimeout: 400 });
    const url = `http://127.0.0.1:${port}`;
    io.on('connection', (socket) => socket.on('echo', (value: unknown, ack: unknown) => typeof ack === 'function' && ack(value)));
    const polling = disposer.add(await connect(url, '/', { mode: 'polling' }));
    const websocket = disposer.add(await connect(url, '/', { mode: 'websocket' }));
    // The first ping comes 1500 ms in: by then both connections outlived every deadline above.
    await within(new Promise<void>((resolve) => polling.io.engine.once('ping', () => resolve())), 3000, 'a ping on the polling client');
    expect(await polling.timeout(2000).emitWithAck('echo', 'poll')).to.equal('poll');
    expect(await websocket.timeout(2000).emitWithAck('echo', 'ws')).to.equal('ws');
  });
});
