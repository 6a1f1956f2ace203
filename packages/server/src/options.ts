// Server options: the engine's plus the socket layer's, with Socket.IO's defaults.
import type { PacketLimits } from '@rtio/protocol';
import { InMemoryAdapter } from './adapter/in-memory-adapter.js';
import type { AdapterConstructor } from './adapter/adapter.js';
import type { EngineOptions } from './engine/index.js';
import type { RecoveryOption } from './socket-recovery.js';
import type { ClientBundle } from './static.js';

export interface ServerOptions extends EngineOptions {
  /** Close a connection that joins no namespace within this many ms. */
  connectTimeout: number;
  /** Serve the browser client at `<path>client.js`, `client.min.js` and `client.js.map`. */
  serveClient: boolean;
  /** The bundle files to serve; by default @rtio/client's built `dist/browser/rtio.min.js`. */
  clientBundle: ClientBundle | undefined;
  adapter: AdapterConstructor;
  /** Free a dynamic child namespace when its last socket leaves. */
  cleanupEmptyChildNamespaces: boolean;
  /** Limits of the Socket.IO packet decoder (attachments, nesting depth). */
  parser: Partial<PacketLimits>;
  /**
   * Socket.IO's connection state recovery: a client back within maxDisconnectionDuration gets its
   * socket id, rooms, `socket.data` and the packets it missed (`socket.recovered`).
   */
  connectionStateRecovery?: RecoveryOption;
}

export const SOCKET_LAYER_DEFAULTS = {
  connectTimeout: 45_000,
  serveClient: true,
  clientBundle: undefined,
  adapter: InMemoryAdapter as AdapterConstructor,
  cleanupEmptyChildNamespaces: true,
  parser: {},
};
