// Session and socket ids: 15 bytes (120 bits) from the CSPRNG, as 20 base64url characters. The bytes are
// drawn 256 ids at a time: one getrandom call per id was a visible share of a connect's cost.
import { randomBytes } from 'node:crypto';

const ID_BYTES = 15;
const IDS_PER_DRAW = 256;
let pool = Buffer.alloc(0);
let offset = 0;

/**
 * A fresh id such as "mJ0x8pQ2n4Zr1kQeT_aB", for sessions and sockets. Unguessable: a session's
 * id is its only credential. Bytes handed out are zeroed in the pool.
 */
export function randomId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * IDS_PER_DRAW);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES);
  pool.fill(0, offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
