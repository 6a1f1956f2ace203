// Every error code in the closed union is documented in docs/errors.md, and nothing else is.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');

describe('docs/errors.md', () => {
  it('documents exactly the ProtocolError codes of the code', () => {
    const source = readFileSync(join(root, 'packages/protocol/src/errors.ts'), 'utf8');
    const union = source.slice(source.indexOf('export type ProtocolErrorCode'), source.indexOf(';', source.indexOf('export type ProtocolErrorCode')));
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]).sort();
    const doc = readFileSync(join(root, 'docs/errors.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    expect(codes.length).to.be.greaterThan(10);
    expect(documented).to.deep.equal(codes);
  });
});
