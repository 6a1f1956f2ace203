// Ids for sockets and sessions: 120 random bits from the platform's CSPRNG, URL-safe.
import { randomBytes } from 'node:crypto';

export function newSocketId(): string {
  return randomBytes(15).toString('base64url');
}
