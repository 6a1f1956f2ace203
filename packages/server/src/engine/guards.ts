// The engine's last line of defence: an unexpected throw while handling a request or an upgrade
// answers that one peer (500, or a dropped socket) instead of reaching the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { writeStatus } from './engine-errors.js';

/** Runs request handling; a throw becomes a 500 (or a cut response once headers went out). */
export function guardResponse(res: ServerResponse, run: () => void): void {
  try {
    run();
  } catch {
    if (!res.headersSent) writeStatus(res, 500, 'Internal Server Error');
    else res.destroy();
  }
}

/** Runs upgrade handling; a throw drops the socket. */
export function guardSocket(socket: Duplex, run: () => void): void {
  try {
    run();
  } catch {
    socket.destroy();
  }
}

/** Runs a handler that answers some requests itself (true when it did); a throw is a 500. */
export function runPreHandler(preHandler: (req: IncomingMessage, res: ServerResponse) => boolean, req: IncomingMessage, res: ServerResponse): boolean {
  try {
    return preHandler(req, res);
  } catch {
    writeStatus(res, 500, 'Internal Server Error');
    return true;
  }
}
