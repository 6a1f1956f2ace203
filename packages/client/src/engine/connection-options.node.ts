// Node: what socket.io-client hands both to http(s).request and to `ws` — the agent and the TLS options.
import type { RequestOptions } from 'node:https';
import type { EngineSocketOptions } from './engine-options.js';

/**
 * Picked one by one (not spread): transport options reach them through the prototype. An agent
 * that is neither an object nor false (socket.io-client's type allows string and true) means the default.
 */
export function connectionOptions(options: EngineSocketOptions): RequestOptions {
  const { agent, pfx, key, passphrase, cert, ca, ciphers, rejectUnauthorized } = options;
  return { agent: typeof agent === 'object' || agent === false ? agent : undefined, pfx, key, passphrase, cert, ca, ciphers, rejectUnauthorized } as RequestOptions;
}
