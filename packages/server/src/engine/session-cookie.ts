// Engine.IO's `cookie` option: the Set-Cookie header that names a new session's id.
import { serialize } from 'cookie';
import type { EngineOptions } from './engine-options.js';

/** The Set-Cookie value for session `id`, or undefined when the option is off. */
export function sessionCookie(option: EngineOptions['cookie'], id: string): string | undefined {
  if (option === false) return undefined;
  const { name = 'io', ...attributes } = option === true ? {} : option;
  // Engine.IO's defaults; the options given override them.
  return serialize(name, id, { path: '/', httpOnly: true, sameSite: 'lax', ...attributes });
}
