// The built browser bundle (pnpm build runs before the tests): terse protocol errors, no Node code.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PacketDecoder, ProtocolError } from '@rtio/protocol';

const bundleFile = join(dirname(fileURLToPath(import.meta.url)), '../dist/browser/rtio.min.js');

describe('the browser bundle', () => {
  const bundle = existsSync(bundleFile) ? readFileSync(bundleFile, 'utf8') : '';

  it('exists (pnpm build writes it) and links its source map', () => {
    expect(bundle, 'run pnpm build first').to.not.equal('');
    expect(bundle).to.match(/\/\/# sourceMappingURL=rtio\.min\.js\.map\s*$/);
  });

  it('carries protocol error codes without their sentences, which the Node build keeps', () => {
    expect(bundle).to.include('"INVALID_JSON"');
    expect(bundle).to.not.include('payload is not valid JSON');
    let error: unknown;
    try {
      new PacketDecoder().add('2[oops');
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ProtocolError);
    expect((error as ProtocolError).message).to.equal('payload is not valid JSON');
  });
});
