// The in-memory and the LevelDB store against the shared contract, and what only the LevelDB one
// promises: the history and the id counters survive closing and opening the directory again.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLevelStore } from '../level-store.js';
import { createMemoryStore } from '../message-store.js';
import { describeMessageStore, message } from './store-conformance.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rtio-chat-store-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describeMessageStore('memory store', async (options) => createMemoryStore(options));
describeMessageStore('LevelDB store', (options) => openLevelStore({ dir: tempDir(), ...options }));

describe('LevelDB store: on disk', () => {
  it('keeps the messages and the id counters across a close and an open of the same directory', async () => {
    const dir = tempDir();
    const first = await openLevelStore({ dir, historySize: 3 });
    for (const text of ['a', 'b', 'c', 'd']) await first.append('general', message(text));
    const last = (await first.append('random', message('r', 'random'))).id;
    await first.close();

    // A clock gone backwards does not matter any more: the counter is on disk.
    const again = await openLevelStore({ dir, historySize: 3, now: () => 0 });
    try {
      expect((await again.recent('general')).map((m) => m.text)).to.deep.equal(['b', 'c', 'd']);
      expect((await again.append('random', message('r2', 'random'))).id).to.equal(last + 1);
    } finally {
      await again.close();
    }
  });

  it('trims what falls out of a smaller historySize on the next append', async () => {
    const dir = tempDir();
    const wide = await openLevelStore({ dir, historySize: 10 });
    for (const text of ['a', 'b', 'c', 'd', 'e']) await wide.append('general', message(text));
    await wide.close();
    const narrow = await openLevelStore({ dir, historySize: 2 });
    expect((await narrow.recent('general')).map((m) => m.text)).to.deep.equal(['d', 'e']);
    await narrow.append('general', message('f'));
    await narrow.close();
    // Read back wide: what fell out is gone from the disk, not only hidden.
    const reader = await openLevelStore({ dir, historySize: 10 });
    try {
      expect((await reader.recent('general')).map((m) => m.text)).to.deep.equal(['e', 'f']);
    } finally {
      await reader.close();
    }
  });

  it('keeps rooms apart whatever their names (a room named "a:b" is not inside room "a")', async () => {
    const store = await openLevelStore({ dir: tempDir() });
    try {
      await store.append('a:b', message('in a:b', 'a:b'));
      await store.append('a', message('in a', 'a'));
      expect((await store.recent('a')).map((m) => m.text)).to.deep.equal(['in a']);
      expect((await store.recent('a:b')).map((m) => m.text)).to.deep.equal(['in a:b']);
    } finally {
      await store.close();
    }
  });

  it('a directory another chat has open is refused with a message that says so', async () => {
    const dir = tempDir();
    const holder = await openLevelStore({ dir });
    try {
      let failure: unknown;
      await openLevelStore({ dir }).catch((error: unknown) => (failure = error));
      expect(failure).to.be.an('error');
      expect((failure as Error).message).to.match(new RegExp(`^cannot open the chat history in .* \\(is another chat using it\\?\\)`));
    } finally {
      await holder.close();
    }
  });
});
