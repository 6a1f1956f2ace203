// Session ids: 15 random bytes (120 bits) from the CSPRNG, as 20 base64url characters.
import { randomBytes } from 'node:crypto';

const ID_BYTES = 15;

/** A fresh session id such as "mJ0x8pQ2n4Zr1kQeT_aB". Unguessable: it is the session's only credential. */
export function generateSessionId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}
