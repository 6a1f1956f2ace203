// A failed open emits one EngineError saying why; tryAllTransports tries the next transport first.
import { expect } from 'chai';
import http from 'node:http';
import { ManualClock } from '@rtio/protocol';
import type { EngineError, EngineSocket } from '../../src/engine/index.js';
import { Disposer, Queue, client, connect, listen, startEngine, startHttp } from './helpers.js';

function openError(socket: EngineSocket): Promise<EngineError> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => reject(new Error('opened unexpectedly')));
    socket.once('close', () => reject(new Error('a failed open must not emit close')));
    socket.once('error', resolve);
    socket.open();
  });
}

describe('engine: open errors', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('http: status 400 and the Engine.IO code from the JSON body (unknown sid)', async () => {
    const { baseUrl } = await startEngine(disposer);
    const error = await openError(client(disposer, baseUrl, { query: { sid: 'nope' }, transports: ['polling'] }));
    expect(error).to.include({ kind: 'http', status: 400, code: 1, transport: 'polling' });
  });

  it('http: status 400 and code 5 from a server refusing the protocol version', async () => {
    const { baseUrl } = await startHttp(disposer, (_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"code":5,"message":"Unsupported protocol version"}');
    });
    const error = await openError(client(disposer, baseUrl));
    expect(error).to.include({ kind: 'http', status: 400, code: 5 });
    expect(error.message).to.contain('Unsupported protocol version');
  });

  it('http: a websocket handshake refused by the server', async () => {
    const { baseUrl } = await startEngine(disposer, { transports: ['polling'] });
    const error = await openError(client(disposer, baseUrl, { transports: ['websocket'] }));
    expect(error).to.include({ kind: 'http', status: 400, transport: 'websocket' });
  });

  for (const name of ['polling', 'websocket'] as const) {
    it(`network: connection refused over ${name}`, async () => {
      const server = http.createServer();
      const probe = new Disposer();
      const baseUrl = await listen(server, probe);
      await probe.disposeAll(); // the port is closed now
      const error = await openError(client(disposer, baseUrl, { transports: [name] }));
      expect(error).to.include({ kind: 'network', transport: name });
      expect(error.message).to.contain('ECONNREFUSED');
    });
  }

  it('timeout: a server that never answers, on a ManualClock; the request is aborted', async () => {
    const requests = new Queue<http.IncomingMessage>();
    const { baseUrl } = await startHttp(disposer, (req) => requests.push(req));
    const clock = new ManualClock();
    const socket = client(disposer, baseUrl, { clock, timeout: 5000, transports: ['polling'] });
    const failed = openError(socket);
    const req = await requests.next();
    const aborted = new Promise((resolve) => req.socket.once('close', resolve));
    clock.advance(4999);
    clock.advance(1);
    expect(await failed).to.include({ kind: 'timeout', transport: 'polling', message: 'timeout' }); // socket.io-client's message
    await aborted;
    expect(clock.pending).to.equal(0);
  });

  it('protocol: an answer that is not an open packet', async () => {
    const { baseUrl } = await startHttp(disposer, (_req, res) => res.writeHead(200).end('4hello'));
    const error = await openError(client(disposer, baseUrl));
    expect(error).to.include({ kind: 'protocol', transport: 'polling' });
  });

  it('protocol: an unparseable payload or open JSON', async () => {
    for (const body of ['xyz', '0{not json', '0{"sid":1}']) {
      const { baseUrl } = await startHttp(disposer, (_req, res) => res.writeHead(200).end(body));
      const error = await openError(client(disposer, baseUrl));
      expect(error.kind, body).to.equal('protocol');
    }
  });

  it('without tryAllTransports, reports the first transport failure', async () => {
    const { baseUrl } = await startEngine(disposer, { transports: ['websocket'] });
    const error = await openError(client(disposer, baseUrl));
    expect(error).to.include({ kind: 'http', status: 400, code: 0, transport: 'polling' });
  });

  it('with tryAllTransports, opens on the next transport', async () => {
    const { baseUrl, sessions } = await startEngine(disposer, { transports: ['websocket'] });
    const socket = client(disposer, baseUrl, { tryAllTransports: true });
    await connect(socket);
    expect(socket.transport?.name).to.equal('websocket');
    expect((await sessions.next()).id).to.equal(socket.id);
  });

  it('with tryAllTransports, reports the last failure when every transport fails', async () => {
    const { baseUrl } = await startHttp(disposer, (_req, res) => res.writeHead(403).end('{"code":4,"message":"Forbidden"}'));
    const error = await openError(client(disposer, baseUrl, { tryAllTransports: true }));
    expect(error).to.include({ transport: 'websocket', kind: 'http', status: 403 });
  });
});
