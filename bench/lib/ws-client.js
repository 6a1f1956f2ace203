// A bare Engine.IO/Socket.IO client over `ws`, writing hand-made frames: it connects to the
// main namespace, answers pings, and hands every other text packet to `onPacket`.
import WebSocket from 'ws';

/**
 * Opens a WebSocket session and connects to "/"; resolves once the CONNECT is answered.
 * @param {{ port: number, path: string }} target
 * @param {{ auth?: object, onPacket?: (data: Buffer) => void }} [options]
 * @returns {Promise<{ ws: WebSocket, sid: string, onPacket: (data: Buffer) => void }>}
 */
export function connectWebSocket(target, { auth, onPacket } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}${target.path}?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
    });
    const client = { ws, sid: '', onPacket: onPacket ?? (() => {}) };
    let connected = false;
    ws.on('message', (data) => {
      const type = data[0];
      if (connected) {
        if (type === 0x32 /* 2: ping */) ws.send('3');
        else client.onPacket(data);
        return;
      }
      const text = data.toString();
      if (text[0] === '0') {
        ws.send(auth ? `40${JSON.stringify(auth)}` : '40');
      } else if (text.startsWith('40')) {
        connected = true;
        client.sid = JSON.parse(text.slice(2)).sid;
        resolve(client);
      } else if (text.startsWith('44')) {
        reject(new Error(`connect refused: ${text}`));
      }
    });
    ws.on('error', reject);
    ws.on('close', () => reject(new Error('closed before connecting')));
  });
}

/**
 * Connects `count` clients with at most `inFlight` connecting at once.
 * @returns {Promise<{ clients: object[], latenciesMs: number[] }>}
 */
export async function connectMany(target, count, inFlight, options = {}) {
  const clients = new Array(count);
  const latenciesMs = new Array(count);
  let next = 0;
  async function lane() {
    while (next < count) {
      const index = next++;
      const startedAt = performance.now();
      clients[index] = await connectWebSocket(target, options);
      latenciesMs[index] = performance.now() - startedAt;
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  return { clients, latenciesMs };
}

/** Drops every connection at once (the server process is stopped next anyway). */
export function closeAll(clients) {
  for (const client of clients) {
    client.ws.removeAllListeners('close');
    client.ws.on('error', () => {});
    client.ws.terminate();
  }
}
