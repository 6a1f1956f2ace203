// Upgrade requests on paths that are not rtio's. Node closes the upgrades nobody handles only while
// no 'upgrade' listener exists; rtio listening takes that job over, and with it the sockets' errors.
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock, TimerHandle } from '@rtio/protocol';
import { writeRawResponse } from './engine-errors.js';

export interface ForeignUpgradeOptions {
  destroyUpgrade: boolean;
  destroyUpgradeTimeout: number;
  clock: Clock;
}

/** A socket's error (a reset, most often) ends that socket and nothing else. */
function onForeignSocketError(this: Duplex): void {
  this.destroy();
}

/** Whether anything was written on the socket: another listener answered the upgrade. */
function answered(socket: Duplex): boolean {
  return ((socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0) > 0;
}

/**
 * Watches the upgrades rtio does not handle. Each gets an error listener at once. When rtio is the
 * server's only 'upgrade' listener nobody else can take the socket, so it is answered 400 at once;
 * otherwise the other listeners have `destroyUpgradeTimeout` ms to answer (write anything) before
 * it is destroyed, as in Engine.IO.
 */
export class ForeignUpgrades {
  private readonly waiting = new Map<Duplex, TimerHandle>();

  constructor(
    private readonly server: Server,
    private readonly options: ForeignUpgradeOptions,
  ) {}

  /** Takes one upgrade request on another path. Called from rtio's listener, the first one. */
  take(socket: Duplex): void {
    socket.on('error', onForeignSocketError);
    if (!this.options.destroyUpgrade || socket.destroyed) return;
    // rtio's listener runs first (prepended), so every other listener is still counted here.
    if (this.server.listenerCount('upgrade') <= 1) {
      writeRawResponse(socket, 400, 'Bad Request', 'No WebSocket or other upgrade is served on this path');
      return;
    }
    const timer = this.options.clock.setTimeout(() => this.expire(socket), this.options.destroyUpgradeTimeout);
    this.waiting.set(socket, timer);
    socket.once('close', () => this.forget(socket));
  }

  /** Stops watching (rtio detaches): the sockets nobody answered are destroyed now. */
  close(): void {
    for (const socket of [...this.waiting.keys()]) this.expire(socket);
  }

  private expire(socket: Duplex): void {
    this.forget(socket);
    if (!answered(socket)) socket.destroy();
  }

  private forget(socket: Duplex): void {
    const timer = this.waiting.get(socket);
    if (timer === undefined) return;
    this.options.clock.clearTimeout(timer);
    this.waiting.delete(socket);
  }
}
