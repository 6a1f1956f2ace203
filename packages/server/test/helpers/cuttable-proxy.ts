// A TCP proxy in front of a server that a test can cut and restore, as a network drop would: cut()
// destroys every connection through it and refuses new ones until restore(); reset() sends an RST
// on every connection open now (a dead NAT entry) and lets the next ones through. Byte for byte, so
// the page's Host and Origin are the proxy's and rtio's same-origin check passes.
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttableProxy {
  url: string;
  cut(): void;
  restore(): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const to = new URL(target);
  let isCut = false;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((incoming) => {
    track(incoming);
    if (isCut) {
      incoming.destroy();
      return;
    }
    const outgoing = connect({ host: to.hostname, port: Number(to.port) });
    track(outgoing);
    incoming.pipe(outgoing).pipe(incoming);
    incoming.once('close', () => outgoing.destroy());
    outgoing.once('close', () => incoming.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => {
      isCut = true;
      for (const socket of open) socket.destroy();
    },
    restore: () => {
      isCut = false;
    },
    reset: () => {
      for (const socket of open) socket.resetAndDestroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
