// Publishing and subscribing through the app's two Redis clients, sharded (SPUBLISH/SSUBSCRIBE)
// when asked or when the server has it, and telling the adapter when Redis goes and comes back.
import type { MessageListener, RedisClientLike } from './redis-client.js';

/** The first major version of Redis with sharded pub/sub. */
const SHARDED_SINCE_MAJOR = 7;

/** Reads `redis_version:7.0.15` from INFO server; false when it cannot tell. */
async function serverHasShardedPubSub(client: RedisClientLike): Promise<boolean> {
  const info = String(await client.sendCommand(['INFO', 'server']));
  const major = Number(/redis_version:(\d+)/.exec(info)?.[1]);
  return major >= SHARDED_SINCE_MAJOR;
}

export class RedisPubSub {
  /** Settles once the mode is known; every publish and subscribe waits for it, in order. */
  private readonly sharded: Promise<boolean>;

  constructor(
    private readonly pub: RedisClientLike,
    private readonly sub: RedisClientLike,
    sharded: boolean | 'auto',
    private readonly onFailure: (error: unknown) => void,
  ) {
    this.sharded =
      sharded === 'auto'
        ? serverHasShardedPubSub(pub).catch((error: unknown) => {
            onFailure(error);
            return false;
          })
        : Promise.resolve(sharded);
  }

  /** Whether messages can go out now. */
  get ready(): boolean {
    return this.pub.isReady && this.sub.isReady;
  }

  /** Whether sharded pub/sub is used (once known). */
  isSharded(): Promise<boolean> {
    return this.sharded;
  }

  /** Publishes unless Redis is unreachable (then returns false: the message is dropped, not queued). */
  publish(channel: string, message: Buffer): boolean {
    if (!this.pub.isReady) return false;
    this.sharded
      .then((sharded) => (sharded ? this.pub.sPublish(channel, message) : this.pub.publish(channel, message)))
      .catch(this.onFailure);
    return true;
  }

  async subscribe(channel: string, listener: MessageListener): Promise<void> {
    if (await this.sharded) await this.sub.sSubscribe(channel, listener, true);
    else await this.sub.subscribe(channel, listener, true);
  }

  async unsubscribe(channel: string, listener: MessageListener): Promise<void> {
    if (await this.sharded) await this.sub.sUnsubscribe(channel, listener, true);
    else await this.sub.unsubscribe(channel, listener, true);
  }
}
