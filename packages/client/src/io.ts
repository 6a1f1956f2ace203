// io(url, options): a Socket for the URL's namespace, on a Manager shared per origin and path.
import type { EventsMap } from '@rtio/protocol';
import { Manager } from './manager.js';
import type { IoOptions } from './options.js';
import type { Socket } from './socket.js';
import { enginePath, parseUrl } from './url.js';

const managers = new Map<string, Manager>();

/**
 * Connects to a namespace. The URL defaults to the page's origin; its path is the namespace.
 * @example
 * const socket = io();                                   // this page's server, namespace "/"
 * const admin = io('https://example.com/admin', { auth: { token: 'abc' } });
 */
export function io<Listen extends EventsMap = EventsMap, Emit extends EventsMap = Listen>(
  url?: string | IoOptions,
  options: IoOptions = {},
): Socket<Listen, Emit> {
  if (typeof url === 'object') {
    options = url;
    url = undefined;
  }
  const { origin, nsp } = parseUrl(url);
  const key = origin + enginePath(options);
  const cached = managers.get(key);
  const fresh = options.forceNew || options.multiplex === false || cached?.hasSocket(nsp);
  // A new Manager takes the origin and query from the URL.
  const manager = (!fresh && cached) || new Manager(url, { ...options, autoConnect: false });
  if (!fresh) managers.set(key, manager);
  const socket = manager.socket(nsp, options) as unknown as Socket<Listen, Emit>;
  if (options.autoConnect !== false) socket.connect();
  return socket;
}

export { io as connect };
