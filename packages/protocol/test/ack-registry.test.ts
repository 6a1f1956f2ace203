import { expect } from 'chai';
import { AckRegistry, AckTimeoutError, ManualClock } from '../src/index.js';

type Call = [Error | null, readonly unknown[]];

function recorder(): { calls: Call[]; handler: (error: Error | null, args: readonly unknown[]) => void } {
  const calls: Call[] = [];
  return { calls, handler: (error, args) => calls.push([error, args]) };
}

describe('AckRegistry', () => {
  it('allocates increasing ids and resolves each once', () => {
    const acks = new AckRegistry(new ManualClock());
    const a = recorder();
    const first = acks.register(a.handler);
    const second = acks.register(a.handler);
    expect([first, second]).to.deep.equal([0, 1]);
    expect(acks.resolve(second, ['two'])).to.equal(true);
    expect(acks.resolve(second, ['again'])).to.equal(false);
    expect(a.calls).to.deep.equal([[null, ['two']]]);
    expect(acks.size).to.equal(1);
  });

  it('ignores a response for an id nobody waits for', () => {
    expect(new AckRegistry().resolve(42, [])).to.equal(false);
  });

  it('times out through the injected clock and forgets the ack', () => {
    const clock = new ManualClock();
    const acks = new AckRegistry(clock);
    const a = recorder();
    const id = acks.register(a.handler, 1000);
    clock.advance(999);
    expect(a.calls).to.have.length(0);
    clock.advance(1);
    expect(a.calls).to.have.length(1);
    expect(a.calls[0]?.[0]).to.be.instanceOf(AckTimeoutError).with.property('message', 'operation has timed out');
    expect(acks.resolve(id, ['late'])).to.equal(false);
    expect(a.calls).to.have.length(1);
  });

  it('clears the timer when the response comes first', () => {
    const clock = new ManualClock();
    const acks = new AckRegistry(clock);
    const a = recorder();
    const id = acks.register(a.handler, 1000);
    acks.resolve(id, [1]);
    expect(clock.pending).to.equal(0);
    clock.advance(5000);
    expect(a.calls).to.deep.equal([[null, [1]]]);
  });

  it('rejects every pending ack on disconnect and clears their timers', () => {
    const clock = new ManualClock();
    const acks = new AckRegistry(clock);
    const a = recorder();
    acks.register(a.handler, 1000);
    acks.register(a.handler);
    const gone = new Error('socket has been disconnected');
    acks.rejectAll(gone);
    expect(a.calls).to.deep.equal([
      [gone, []],
      [gone, []],
    ]);
    expect(acks.size).to.equal(0);
    expect(clock.pending).to.equal(0);
  });

  it('registers under a given id (one id shared by the recipients of a broadcast)', () => {
    const acks = new AckRegistry();
    const a = recorder();
    expect(acks.register(a.handler, undefined, 17)).to.equal(17);
    expect(acks.has(17)).to.equal(true);
    expect(acks.cancel(17)).to.equal(true);
    expect(acks.resolve(17, [])).to.equal(false);
    expect(a.calls).to.have.length(0);
  });
});
