// Engine.IO request errors: the closed set of codes and how each is written (JSON or raw on a socket).
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Engine.IO's request error codes (protocol.md §1.8). */
export const EngineErrorCode = {
  UNKNOWN_TRANSPORT: 0,
  UNKNOWN_SID: 1,
  BAD_HANDSHAKE_METHOD: 2,
  BAD_REQUEST: 3,
  FORBIDDEN: 4,
  UNSUPPORTED_PROTOCOL_VERSION: 5,
} as const;

export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

const MESSAGES: Record<EngineErrorCode, string> = {
  0: 'Transport unknown',
  1: 'Session ID unknown',
  2: 'Bad handshake method',
  3: 'Bad request',
  4: 'Forbidden',
  5: 'Unsupported protocol version',
};

/** One rejected request: the code, the message sent to the client, and details for the app. */
export interface EngineRequestError {
  code: EngineErrorCode;
  message: string;
  context?: unknown;
}

/** Builds an error with the standard message for `code` unless a message is given. */
export function engineError(code: EngineErrorCode, context?: unknown, message = MESSAGES[code]): EngineRequestError {
  return context === undefined ? { code, message } : { code, message, context };
}

function statusOf(error: EngineRequestError): number {
  return error.code === EngineErrorCode.FORBIDDEN ? 403 : 400;
}

/** Answers an HTTP request with `{"code":n,"message":"..."}` (403 for FORBIDDEN, else 400). */
export function writeJsonError(res: ServerResponse, error: EngineRequestError): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ code: error.code, message: error.message });
  res.writeHead(statusOf(error), {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Answers an upgrade request with a raw HTTP response (plain message body), then destroys the socket. */
export function writeUpgradeError(socket: Duplex, error: EngineRequestError): void {
  const status = statusOf(error);
  writeRawResponse(socket, status, status === 403 ? 'Forbidden' : 'Bad Request', error.message);
}

/** Writes a whole HTTP/1.1 response on a socket no `ServerResponse` owns, then destroys the socket. */
export function writeRawResponse(socket: Duplex, status: number, statusText: string, body: string): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // end() flushes the answer before the socket goes; destroy() after it releases the handle for sure.
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\n` +
      'Connection: close\r\n' +
      'Content-type: text/html\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
}

/** A plain-status answer (413, 500…) for requests on an existing session. */
export function writeStatus(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}
