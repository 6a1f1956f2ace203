// socket.timeout(ms) / socket.volatile / socket.compress(b): an emitter carrying flags for one emit,
// immutable so a flag never leaks into the next emit.
import type { BroadcastFlags } from './types.js';

/** How the flagged emitter reaches its socket. */
/** `errorFirstAck`: the ack callback takes (error, ...response), even without a timeout. */
export type FlaggedSend = (flags: Readonly<BroadcastFlags>, event: string, args: unknown[], errorFirstAck?: boolean) => boolean;

export class FlaggedEmitter {
  constructor(
    private readonly send: FlaggedSend,
    private readonly flags: Readonly<BroadcastFlags>,
  ) {}

  emit(event: string, ...args: unknown[]): boolean {
    return this.send(this.flags, event, args);
  }

  /** Resolves with the first argument of the peer's ack; rejects on timeout or disconnect. */
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const callback = (error: Error | null, response: unknown) => (error ? reject(error) : resolve(response));
      this.send(this.flags, event, [...args, callback], true);
    });
  }

  timeout(ms: number): FlaggedEmitter {
    return new FlaggedEmitter(this.send, { ...this.flags, timeout: ms });
  }

  get volatile(): FlaggedEmitter {
    return new FlaggedEmitter(this.send, { ...this.flags, volatile: true });
  }

  compress(compress: boolean): FlaggedEmitter {
    return new FlaggedEmitter(this.send, { ...this.flags, compress });
  }
}
