// A reverse proxy that forwards plain HTTP but refuses every Upgrade, as some corporate proxies
// do: behind it, browsers can only reach the server by long-polling.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface NoUpgradeProxy {
  url: string;
  /** How many upgrade requests were refused. */
  refused: () => number;
  close(): Promise<void>;
}

export async function startNoUpgradeProxy(target: string): Promise<NoUpgradeProxy> {
  const to = new URL(target);
  let refused = 0;
  const server = http.createServer((req, res) => {
    const forward = http.request(
      // The Host header passes unchanged, as reverse proxies are set up to do (nginx: proxy_set_header
      // Host $host): rtio's same-origin check compares it with the page's Origin.
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  server.on('upgrade', (_req, socket) => {
    refused++;
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
