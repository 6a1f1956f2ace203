// Engine options of the client: their types and defaults (shared by the socket and the transports).
import { systemClock, type Clock } from '@rtio/protocol';
import { defaultBinaryType } from '#websocket-constructor';

export type TransportName = 'polling' | 'websocket';

export interface EngineSocketOptions {
  /** Endpoint path with trailing slash: '/rt/'. */
  path: string;
  /** Extra query parameters. */
  query: Record<string, string>;
  /** Try order. */
  transports: TransportName[];
  /** Probe websocket after a polling handshake. */
  upgrade: boolean;
  // The four options below are off when unset (no default needed).
  /** Start directly on websocket when an upgrade succeeded before in this process/page. */
  rememberUpgrade?: boolean;
  /** When a transport fails at handshake, try the next one before reporting the error. */
  tryAllTransports?: boolean;
  /** Node only: headers for the polling requests and ws. */
  extraHeaders?: Record<string, string>;
  /** fetch credentials: 'include' when true, else 'same-origin'. */
  withCredentials?: boolean;
  /** Add <timestampParam>=<random> to polling requests (cache buster). */
  timestampRequests: boolean;
  /** The cache buster's query parameter: 't'. */
  timestampParam: string;
  /** How received binary is handed over: ArrayBuffer or Node Buffer. */
  binaryType: 'arraybuffer' | 'nodebuffer';
  clock: Clock;
  /** Options that apply to one transport only, over the others: `{ polling: { extraHeaders } }`. */
  transportOptions?: Partial<Record<TransportName, Partial<EngineSocketOptions>>>;
  /** WebSocket subprotocols offered on the upgrade (`Sec-WebSocket-Protocol`). */
  protocols?: string | string[];
  /** Binary goes over the websocket as base64 text (`b…`), as polling sends it. */
  forceBase64?: boolean;
  /** Browsers: close the connection on `beforeunload` (the sockets see `transport close`). */
  closeOnBeforeunload?: boolean;
  /** Handshake timeout per transport attempt, in ms. */
  timeout: number;
  // Node only, as in socket.io-client (browsers ignore them): handed to http(s).request and to `ws`.
  /** Polling request timeout in ms (unset or 0: none); a long-poll GET counts, so keep it above pingInterval. */
  requestTimeout?: number;
  /** The process may exit while this client is all it runs: its timers and sockets are unref'd. */
  autoUnref?: boolean;
  /** An http(s).Agent for polling and the websocket; false: a new connection per request (other values: Node's default). */
  agent?: object | string | boolean;
  /** TLS client certificate and key, as PKCS#12. */
  pfx?: TlsMaterial;
  /** TLS client private key (PEM). */
  key?: TlsMaterial;
  /** Passphrase of `key` or `pfx`. */
  passphrase?: string;
  /** TLS client certificate (PEM). */
  cert?: TlsMaterial;
  /** Certificate authorities to trust instead of Node's bundled ones (PEM). */
  ca?: TlsMaterial;
  /** TLS cipher list (OpenSSL format). */
  ciphers?: string;
  /** false: accept a server certificate that does not verify (default true). */
  rejectUnauthorized?: boolean;
  /** ws's permessage-deflate: false turns it off; unset: offered, messages under 1024 bytes sent uncompressed. */
  perMessageDeflate?: boolean | { threshold?: number; [wsOption: string]: unknown };
}

/** TLS material as Node's tls options take it: PEM text, bytes (a Buffer), or a list (a key or pfx entry may carry its passphrase). */
export type TlsMaterial = string | Uint8Array | Array<string | Uint8Array | { pem: string | Uint8Array; passphrase?: string } | { buf: string | Uint8Array; passphrase?: string }>;

/** The defaults (binaryType: 'nodebuffer' in Node, 'arraybuffer' in browsers). */
export const defaultEngineOptions = (): EngineSocketOptions => ({
  path: '/rt/',
  query: {},
  transports: ['polling', 'websocket'],
  upgrade: true,
  timestampRequests: true,
  timestampParam: 't',
  binaryType: defaultBinaryType,
  clock: systemClock,
  timeout: 20000,
});
