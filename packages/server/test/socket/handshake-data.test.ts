// socket.handshake from odd requests: a session without a request, HTTP/1.0 without Host, odd
// header names and values, broken origins. Each gets a handshake or a typed refusal, never a throw.
import { expect } from 'chai';
import { Disposer } from '../helpers/index.js';
import { connectRaw, rawRequest } from '../hardening/support/raw-peer.js';
import { nextEvent, within } from './support/events.js';
import { connect, createSocket, startServer, type ServerUnderTest } from './support/server-under-test.js';
import type { EngineSession, Socket } from '../../src/index.js';

interface RawResponse {
  status: number;
  body: string;
}

/** One HTTP/1.0 exchange on its own connection: the server closes it after the response. */
async function exchange(server: ServerUnderTest, request: string): Promise<RawResponse> {
  const peer = await connectRaw(server.port);
  peer.socket.write(request, 'latin1');
  await within(peer.closed, 2000, 'the HTTP/1.0 response');
  const text = peer.received();
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
  return { status, body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

/** Headers no browser sends: names that are Object members, latin1 bytes, empty and long values. */
const ODD_HEADERS: Array<[string, string]> = [
  ['constructor', 'x'],
  ['__proto__', 'y'],
  ['hasOwnProperty', 'z'],
  ['X-Latin', '\xe9\xff\x80'],
  ['X-Empty', ''],
  ['X-Long', 'a'.repeat(8000)],
  ['Accept-Encoding', 'gzip;q=nonsense, *;q=-1'],
  ['User-Agent', 'Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; Trident/4.0)'],
];

describe('socket layer: handshake data from odd requests', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('connects a session that has no request (as WebTransport), with empty headers and query, secure', async () => {
    const server = disposer.add(await startServer());
    server.io.engine.on('connection', (session: EngineSession) => {
      delete (session as { request?: unknown }).request;
    });
    const connected = nextEvent<[Socket]>(server.io, 'connection');
    const client = disposer.add(await connect(server.url, '/', { mode: 'websocket' }));
    const [socket] = await connected;
    expect(socket.handshake).to.include({ secure: true, address: '', url: '', xdomain: false });
    expect(socket.handshake.headers).to.deep.equal({});
    expect(socket.handshake.query).to.deep.equal({});
    socket.on('echo', (value: unknown, ack: (v: unknown) => void) => ack(value));
    expect(await client.timeout(2000).emitWithAck('echo', 'fine')).to.equal('fine');
  });

  it('handshakes over HTTP/1.0 without a Host header and with odd header names and values', async () => {
    const server = disposer.add(await startServer());
    const connected = nextEvent<[Socket]>(server.io, 'connection');
    const headers = ODD_HEADERS.map(([name, value]) => [name, value] as const);
    const open = await exchange(server, rawRequest('GET', '/rt/?EIO=4&transport=polling&a=1&a=2&__proto__=x', headers).replace('HTTP/1.1', 'HTTP/1.0'));
    expect(open.status).to.equal(200);
    const sid = /"sid":"([^"]+)"/.exec(open.body)?.[1] as string;
    const post = rawRequest('POST', `/rt/?EIO=4&transport=polling&sid=${sid}`, [['Content-Type', 'text/plain'], ['Content-Length', '2']], '40');
    expect(await exchange(server, post.replace('HTTP/1.1', 'HTTP/1.0'))).to.deep.equal({ status: 200, body: 'ok' });
    const [socket] = await connected;
    expect(socket.handshake.headers.host).to.equal(undefined);
    expect(socket.handshake.headers).to.include({ constructor: 'x', hasownproperty: 'z', 'x-latin': '\xe9\xff\x80', 'x-empty': '' });
    expect(socket.handshake.query).to.deep.include({ a: ['1', '2'], EIO: '4' });
    expect(Object.getPrototypeOf(socket.handshake.query)).to.equal(Object.prototype);
    const reply = await exchange(server, rawRequest('GET', `/rt/?EIO=4&transport=polling&sid=${sid}`, []).replace('HTTP/1.1', 'HTTP/1.0'));
    expect(reply.body).to.match(/^40\{"sid":"[^"]+"\}$/);
  });

  it('refuses broken origins with the typed Engine.IO errors', async () => {
    const server = disposer.add(await startServer());
    const handshake = (headers: Array<[string, string]>): string =>
      rawRequest('GET', '/rt/?EIO=4&transport=polling', headers).replace('HTTP/1.1', 'HTTP/1.0');
    const invalid = await exchange(server, handshake([['Host', '127.0.0.1'], ['Origin', 'http://\xe9.example']]));
    expect(invalid).to.deep.equal({ status: 400, body: '{"code":3,"message":"Bad request"}' });
    const twice = await exchange(server, handshake([['Host', '127.0.0.1'], ['Origin', 'http://127.0.0.1'], ['Origin', 'http://127.0.0.1']]));
    expect(twice).to.deep.equal({ status: 403, body: '{"code":4,"message":"Forbidden"}' });
    const hostless = await exchange(server, handshake([['Origin', 'http://127.0.0.1']]));
    expect(hostless).to.deep.equal({ status: 403, body: '{"code":4,"message":"Forbidden"}' });
  });

  it('answers an HTTP/1.1 request without Host with 400 (Node’s check), and keeps serving', async () => {
    const server = disposer.add(await startServer());
    const answer = await exchange(server, rawRequest('GET', '/rt/?EIO=4&transport=polling', [['Connection', 'close']]));
    expect(answer.status).to.equal(400);
    const client = disposer.add(await connect(server.url, '/', { mode: 'polling' }));
    expect(client.connected).to.equal(true);
  });

  it('reports an internal failure while handling a packet and closes only that connection', async () => {
    const server = disposer.add(await startServer());
    const failure = new Error('the session lost its request');
    let sessions = 0;
    server.io.engine.on('connection', (session: EngineSession) => {
      if (sessions++ > 0) return;
      Object.defineProperty(session, 'request', {
        get() {
          throw failure;
        },
      });
    });
    const reported = nextEvent<[unknown, string]>(server.io, 'error');
    const refused = disposer.add(createSocket(server.url, '/', { mode: 'websocket' }));
    const closed = nextEvent<[string]>(refused.io, 'close');
    refused.connect();
    const [error, context] = await reported;
    expect(error).to.equal(failure);
    expect(context).to.contain('handling a packet');
    expect((await closed)[0]).to.equal('transport close');
    expect(refused.connected).to.equal(false);
    const client = disposer.add(await connect(server.url, '/', { mode: 'websocket' }));
    expect(client.connected).to.equal(true);
  });
});
