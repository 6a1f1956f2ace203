// Attaching rtio to an http server that serves other things: an Express 5 app, another `ws`
// WebSocketServer on its own path, plain HTTP routes.
import http from 'node:http';
import { expect } from 'chai';
import express from 'express';
import WebSocket, { WebSocketServer } from 'ws';
import { Disposer } from '../helpers/index.js';
import { nextEvent, within } from './support/events.js';
import { MODES, connect, startServer, type ServerUnderTest } from './support/server-under-test.js';

/** GET on a fresh connection (no keep-alive agent), resolving with status and body. */
function httpGet(url: string): Promise<{ status: number; body: string }> {
  return within(
    new Promise((resolve, reject) => {
      http
        .get(url, { agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        })
        .on('error', reject);
    }),
    2000,
    `GET ${url}`,
  );
}

/** Registers an echo handler on the main namespace. */
function echo(server: ServerUnderTest): void {
  server.io.on('connection', (socket) => socket.on('echo', (value: unknown, ack: (r: unknown) => void) => ack(value)));
}

for (const mode of MODES) {
  describe(`socket layer: attach (${mode})`, () => {
    const disposer = new Disposer();
    afterEach(() => disposer.disposeAll());

    it('shares the http server of an Express 5 app, whose routes keep answering', async () => {
      const app = express();
      app.get('/hello', (_req, res) => {
        res.send('hello from express');
      });
      app.get('/json', (_req, res) => {
        res.json({ ok: true });
      });
      const server = disposer.add(await startServer({}, { requestListener: app }));
      echo(server);
      expect(await httpGet(`${server.url}/hello`)).to.deep.equal({ status: 200, body: 'hello from express' });
      const client = disposer.add(await connect(server.url, '/', { mode }));
      expect(await client.timeout(2000).emitWithAck('echo', 'io')).to.equal('io');
      expect(await httpGet(`${server.url}/json`)).to.deep.equal({ status: 200, body: '{"ok":true}' });
      expect((await httpGet(`${server.url}/missing`)).status).to.equal(404);
    });

    it('coexists with another WebSocketServer (noServer, path /other) and plain routes', async () => {
      const server = disposer.add(
        await startServer({}, { requestListener: (_req, res) => res.end(`plain ${_req.url ?? ''}`) }),
      );
      echo(server);
      const wss = new WebSocketServer({ noServer: true });
      wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo:${String(data)}`)));
      server.httpServer.on('upgrade', (req, socket, head) => {
        if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/other') return;
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      });
      disposer.add(() => new Promise<void>((resolve) => wss.close(() => resolve())));

      const other = new WebSocket(`ws://127.0.0.1:${server.port}/other`);
      disposer.add(() => other.terminate());
      await nextEvent(other, 'open');
      const client = disposer.add(await connect(server.url, '/', { mode }));

      const reply = nextEvent<[Buffer]>(other, 'message');
      other.send('first');
      expect(String((await reply)[0])).to.equal('echo:first');
      expect(await client.timeout(2000).emitWithAck('echo', 'rt')).to.equal('rt');
      expect(await httpGet(`${server.url}/route`)).to.deep.equal({ status: 200, body: 'plain /route' });

      // Both endpoints keep going after each other's traffic.
      const again = nextEvent<[Buffer]>(other, 'message');
      other.send('second');
      expect(String((await again)[0])).to.equal('echo:second');
      expect(await client.timeout(2000).emitWithAck('echo', 'rt2')).to.equal('rt2');
      const otherClosed = nextEvent(other, 'close');
      other.close();
      await otherClosed;
    });
  });
}
