// What the adapter needs from a Redis client: the few node-redis methods it calls, as a
// structural type, so any node-redis 5/6 client (or a duplicate of one) fits.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- node-redis types its listeners' arguments as any
type ClientListener = (...args: any[]) => void;

export type MessageListener = (message: Buffer, channel: Buffer) => void;

export interface RedisClientLike {
  readonly isReady: boolean;
  publish(channel: string, message: Buffer): Promise<unknown>;
  sPublish(channel: string, message: Buffer): Promise<unknown>;
  subscribe(channels: string, listener: MessageListener, bufferMode: true): Promise<unknown>;
  sSubscribe(channels: string, listener: MessageListener, bufferMode: true): Promise<unknown>;
  unsubscribe(channels: string, listener: MessageListener, bufferMode: true): Promise<unknown>;
  sUnsubscribe(channels: string, listener: MessageListener, bufferMode: true): Promise<unknown>;
  sendCommand(args: string[]): Promise<unknown>;
  on(event: 'error' | 'ready' | 'end', listener: ClientListener): unknown;
  off(event: 'error' | 'ready' | 'end', listener: ClientListener): unknown;
}
