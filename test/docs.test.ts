// Every error code in the closed union is documented in docs/errors.md, and nothing else is.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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

// docs/migrating.md: every "same" row names a test that exists, every "absent" row says why, and
// every public member of socket.io 4.8's declarations is listed.
describe('docs/migrating.md', () => {
  const doc = readFileSync(join(root, 'docs/migrating.md'), 'utf8');
  const rows = doc
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('|---'))
    .map((line) => line.slice(1, -1).split(' | ').map((cell) => cell.trim()))
    .filter((cells) => cells.length >= 3 && !['rtio', 'Socket.IO 4.8'].includes(cells[1] ?? ''));
  const tableRows = rows.filter((cells) => /^(same|differs|absent|rtio only)/.test(cells[1] ?? ''));

  it('has a status in every member row, and a reason in every absent one', () => {
    expect(tableRows.length).to.be.greaterThan(150);
    for (const [member, status] of tableRows) {
      expect(status, member).to.match(/^(same|differs: .+|absent: .+|rtio only)$/);
    }
  });

  it('names, for every "same" row, a test file that exists and contains the cited words', () => {
    const same = tableRows.filter((cells) => cells[1] === 'same');
    expect(same.length).to.be.greaterThan(100);
    for (const [member, , proof] of same) {
      const match = /^proof: `([^`]+)` › (.+)$/.exec(proof ?? '');
      expect(match, `${member}: "${proof}" should read proof: \`file\` › words of the test`).to.not.equal(null);
      const [, file, words] = match as RegExpExecArray;
      expect(file, member).to.match(/\.(test|e2e)\.ts$|adapter-conformance\.ts$/);
      const source = readFileSync(join(root, file as string), 'utf8');
      expect(source.includes(words as string), `${member}: ${file} does not contain "${words}"`).to.equal(true);
    }
  });

  it("lists every public member and option of socket.io 4.8's declarations", () => {
    const require = createRequire(join(root, 'bench/package.json'));
    const dist = dirname(require.resolve('socket.io'));
    const names = new Set<string>();
    const engine = join(dirname(createRequire(join(dist, 'index.js')).resolve('engine.io')));
    const files = [
      ...['index.d.ts', 'namespace.d.ts', 'socket.d.ts', 'broadcast-operator.d.ts'].map((file) => join(dist, file)),
      ...['server.d.ts', 'socket.d.ts'].map((file) => join(engine, file)),
    ];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^ {4}(?:readonly |get |static )?([a-zA-Z][a-zA-Z0-9]*)[?]?[<(:]/gm)) names.add(m[1] as string);
    }
    for (const internal of ['constructor', 'encoder', 'data', 'message']) names.delete(internal);
    const missing = [...names].filter((name) => !new RegExp(`\`[^\`]*\\b${name}\\b[^\`]*\``).test(doc));
    expect(names.size).to.be.greaterThan(60);
    expect(missing).to.deep.equal([]);
  });

  it("lists, in its client tables, every public member and option of socket.io-client 4.8's declarations", () => {
    const clientTables = doc.slice(doc.indexOf('## Client Socket'));
    const require = createRequire(join(root, 'packages/client/package.json'));
    const sio = join(dirname(require.resolve('socket.io-client/package.json')), 'build/esm');
    const eio = join(dirname(createRequire(join(sio, 'index.js')).resolve('engine.io-client/package.json')), 'build/esm');
    const names = new Set<string>();
    for (const file of [join(sio, 'manager.d.ts'), join(sio, 'socket.d.ts'), join(eio, 'socket.d.ts'), join(eio, 'transport.d.ts')]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^ {4}(?:readonly |get |static )?([a-zA-Z][a-zA-Z0-9]*)[?]?[<(:]/gm)) names.add(m[1] as string);
    }
    names.delete('constructor');
    const missing = [...names].filter((name) => !new RegExp(`\`[^\`]*\\b${name}\\b[^\`]*\``).test(clientTables));
    expect(names.size).to.be.greaterThan(90);
    expect(missing).to.deep.equal([]);
  });
});
