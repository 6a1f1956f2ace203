// A scripted Engine.IO/Socket.IO server over a raw `ws` server: it opens sessions and accepts
// CONNECT for "/", then stays silent (no pings) unless the test writes frames itself.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FrameQueue, type Disposer } from '../../../../server/test/helpers/index.js';

export interface RawConnection {
  ws: WebSocket;
  /** Text frames received from the client. */
  frames: FrameQueue<string>;
}

export interface RawServer {
  url: string;
  connections: FrameQueue<RawConnection>;
}

/** Answers the handshake with the given heartbeat and every `40` with a socket id; never pings. */
export async function startSilentServer(disposer: Disposer, heartbeat: { pingInterval: number; pingTimeout: number }): Promise<RawServer> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  const connections = new FrameQueue<RawConnection>('raw connection');
  let n = 0;
  wss.on('connection', (ws) => {
    const frames = new FrameQueue<string>('frame');
    const id = ++n;
    ws.on('message', (data) => {
      const text = String(data);
      frames.push(text);
      if (text === '40') ws.send(`40{"sid":"raw-socket-${id}"}`);
    });
    ws.on('close', () => frames.close('socket closed'));
    ws.send(`0${JSON.stringify({ sid: `raw-${id}`, upgrades: [], maxPayload: 1e6, ...heartbeat })}`);
    connections.push({ ws, frames });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  disposer.add(
    () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections };
}
