// rtio and Socket.IO 4.8.3 servers (path /rt/) on https.createServer at 127.0.0.1:0; the Disposer closes them.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server as SioServer } from 'socket.io';
import { Server } from '../../../../server/src/index.js';
import type { Disposer } from '../../../../server/test/helpers/index.js';
import type { SelfSigned } from './self-signed.js';

export type ServerKind = 'rtio' | 'socket.io';

/** `https://127.0.0.1:<port>` of a fresh server of that kind, using `tls` as its certificate. */
export async function startSecure(disposer: Disposer, kind: ServerKind, tls: SelfSigned): Promise<string> {
  const httpsServer = https.createServer(tls);
  const io = kind === 'rtio' ? new Server(httpsServer, { path: '/rt/' }) : new SioServer(httpsServer, { path: '/rt/' });
  await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
  disposer.add(async () => {
    await io.close();
    httpsServer.closeAllConnections();
    if (httpsServer.listening) await new Promise((resolve) => httpsServer.close(resolve));
  });
  return `https://127.0.0.1:${(httpsServer.address() as AddressInfo).port}`;
}
