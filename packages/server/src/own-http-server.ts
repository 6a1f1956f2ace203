// The http server rtio creates for `new Server(port)`: limits that close slow and idle peers.
import { createServer, type Server as HttpServer, type ServerOptions as HttpServerOptions } from 'node:http';

/**
 * Node's defaults let a peer hold a connection for a minute without finishing its headers and five
 * minutes for a request, checked every 30 s. rtio's own server is stricter; a user's own http
 * server keeps its settings (docs/scaling.md says what to set).
 */
export const OWN_HTTP_SERVER_OPTIONS = Object.freeze({
  /** A peer must have sent its request headers within 10 s of starting the request. */
  headersTimeout: 10_000,
  /** ...and the whole request within 60 s: a polling POST of maxHttpBufferSize at ~17 KB/s. */
  requestTimeout: 60_000,
  /** An idle keep-alive connection (between two polls) is closed after 5 s, Node's default. */
  keepAliveTimeout: 5_000,
  /** How often those deadlines are checked; Node's 30 s would add up to 30 s to each. */
  connectionsCheckingInterval: 1_000,
}) satisfies HttpServerOptions;

/** A plain http server with OWN_HTTP_SERVER_OPTIONS; rtio answers its requests (404 off its path). */
export function createOwnHttpServer(): HttpServer {
  return createServer({ ...OWN_HTTP_SERVER_OPTIONS });
}
