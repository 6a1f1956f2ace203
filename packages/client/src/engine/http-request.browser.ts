// Browsers: polling requests through fetch. Picked by the `#http-request` imports map.
import type { HttpRequest } from './platform.js';

// Without withCredentials, fetch's own default applies: 'same-origin'.
export const httpRequest: HttpRequest = (url, init, options) => fetch(url, { ...init, credentials: options.withCredentials ? 'include' : undefined });
