// Session and socket ids: drawn from a pool of CSPRNG bytes, never repeated across refills.
import { expect } from 'chai';
import { randomId } from '../../src/engine/index.js';

describe('engine random ids', () => {
  it('gives 20 base64url characters, all different across several pool refills', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 256 * 4 + 7; i++) {
      const id = randomId();
      expect(id).to.match(/^[A-Za-z0-9_-]{20}$/);
      ids.add(id);
    }
    expect(ids.size).to.equal(256 * 4 + 7);
  });

  it('spreads its bits: every base64url character shows up across 1,000 ids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) for (const character of randomId()) seen.add(character);
    expect(seen.size).to.equal(64);
  });
});
