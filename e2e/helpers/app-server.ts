// An rtio server on 127.0.0.1:0 that also serves test pages, for the browser to load.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions } from '@rtio/server';

export interface AppServer {
  io: Server;
  http: HttpServer;
  url: string;
  close(): Promise<void>;
}

/** Starts a server answering `pages[path]` as HTML; everything on /rt/ is rtio's. */
export async function startAppServer(pages: Record<string, string>, options: Partial<ServerOptions> = {}): Promise<AppServer> {
  const http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/favicon.ico') {
      res.writeHead(204).end(); // browsers ask for it; a 404 would show as a console error
      return;
    }
    const page = pages[path];
    if (page === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
  });
  const io = new Server(http, options);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    io,
    http,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      // io.close() closes the http server too, once its connections are gone: the browser's
      // keep-alive ones are cut here, as a real app's shutdown would.
      const closed = io.close();
      http.closeAllConnections();
      await closed;
    },
  };
}
