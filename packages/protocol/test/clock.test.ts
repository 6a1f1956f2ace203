import { expect } from 'chai';
import { ManualClock, systemClock } from '../src/index.js';

describe('clocks', () => {
  it('ManualClock fires due timers in order, including ones armed while advancing', () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => {
      fired.push(`a@${clock.now()}`);
      clock.setTimeout(() => fired.push(`c@${clock.now()}`), 5);
    }, 10);
    const cancelled = clock.setTimeout(() => fired.push('never'), 15);
    clock.clearTimeout(cancelled);
    clock.advance(30);
    expect(fired).to.deep.equal(['a@1010', 'c@1015', 'b@1020']);
    expect(clock.now()).to.equal(1030);
    expect(clock.pending).to.equal(0);
  });

  it('systemClock runs real timers', async () => {
    const start = systemClock.now();
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
    expect(systemClock.now()).to.be.at.least(start);
    const handle = systemClock.setTimeout(() => expect.fail('cleared timer fired'), 1);
    systemClock.clearTimeout(handle);
  });
});
