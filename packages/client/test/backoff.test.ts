import { expect } from 'chai';
import fc from 'fast-check';
import { backoff } from '../src/backoff.js';

const defaults = { min: 1000, max: 5000, jitter: 0.5 };

describe('backoff', () => {
  it('doubles from min without jitter', () => {
    const delays = [0, 1, 2, 3].map((attempt) => backoff(attempt, { ...defaults, jitter: 0 }, () => 0.7));
    expect(delays).to.deep.equal([1000, 2000, 4000, 5000]);
  });

  it('caps before jittering, so capped delays stay spread over [max·(1-jitter), max]', () => {
    expect(backoff(10, defaults, () => 0)).to.equal(5000);
    expect(backoff(10, defaults, () => 0.999999)).to.equal(2500);
    expect(backoff(10, defaults, () => 0.5)).to.equal(3750);
  });

  it('keeps 1,000 clients apart after the cap (Socket.IO sends them all at exactly 5 s)', () => {
    const delays = new Set(Array.from({ length: 1000 }, () => backoff(20, defaults, Math.random)));
    expect(delays.size).to.be.greaterThan(500);
    for (const delay of delays) expect(delay).to.be.within(2500, 5000);
  });

  it('always stays within [0, max] and never exceeds the un-jittered delay', () => {
    fc.assert(
      fc.property(
        fc.nat(200),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.9999999, noNaN: true }),
        (attempt, min, max, jitter, random) => {
          const delay = backoff(attempt, { min, max, jitter }, () => random);
          const ceiling = Math.min(max, min * 2 ** Math.min(attempt, 31));
          expect(delay).to.be.within(Math.floor(ceiling * (1 - jitter)) - 1, ceiling);
        },
      ),
    );
  });

  it('survives huge attempt counts without overflowing to Infinity or NaN', () => {
    expect(backoff(Number.MAX_SAFE_INTEGER, defaults, () => 0)).to.equal(5000);
  });
});
