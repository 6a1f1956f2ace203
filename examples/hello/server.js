// The main job until the chat example lands: a minimal HTTP server that shows rtio's protocol build.
// It answers with the protocol revisions it speaks and an encoded sample packet.
import { createServer } from 'node:http';
import { ENGINE_PROTOCOL, SOCKET_PROTOCOL, PacketType, encodePacket } from '@rtio/protocol';

const port = Number(process.env.PORT ?? 3000);
const sample = encodePacket({ type: PacketType.EVENT, nsp: '/', id: 1, data: ['hello', { from: 'rtio' }] });

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`rtio speaks Engine.IO ${ENGINE_PROTOCOL} + Socket.IO ${SOCKET_PROTOCOL}\nsample packet: 4${sample[0]}\n`);
});
server.listen(port, () => console.log(`rtio is listening on http://localhost:${port}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
