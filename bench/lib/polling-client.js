// A bare Engine.IO long-polling client over node:http (keep-alive), writing hand-made payloads.
import { Agent, request } from 'node:http';

const SEPARATOR = '\x1e';

function send(agent, target, method, query, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: target.port,
        method,
        path: `${target.path}?EIO=4&transport=polling${query}`,
        headers: body === undefined ? {} : { 'Content-Type': 'text/plain;charset=UTF-8', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One polling session connected to "/". `post(text)` sends one packet; `poll()` resolves with
 * the next GET's packets (pings are answered and left out).
 */
export async function connectPolling(target) {
  // Two sockets: one for the held GET, one for POSTs, as a browser does.
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  const open = await send(agent, target, 'GET', '');
  const sid = JSON.parse(open.slice(1)).sid;
  const query = `&sid=${sid}`;
  const client = {
    sid,
    post: (text) => send(agent, target, 'POST', query, text),
    async poll() {
      for (;;) {
        const packets = (await send(agent, target, 'GET', query)).split(SEPARATOR).filter((packet) => {
          if (packet !== '2') return true;
          void client.post('3');
          return false;
        });
        if (packets.length > 0) return packets;
      }
    },
    close: () => agent.destroy(),
  };
  await client.post('40');
  const reply = await client.poll();
  if (!reply[0].startsWith('40')) throw new Error(`connect refused: ${reply[0]}`);
  return client;
}
