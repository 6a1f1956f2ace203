// One suite every message store passes (memory, LevelDB, Redis): ids from a per-room counter that
// starts at the clock, the last historySize messages oldest first, `after` for history since an
// id. Each store's test file calls describeMessageStore() with a way to open a fresh store.
import { expect } from 'chai';
import type { ChatMessage, MessageStore, NewMessage } from '../message-store.js';

export type OpenStore = (options: { historySize: number; now: () => number }) => Promise<MessageStore>;

const T0 = 1_700_000_000_000; // a fixed clock: ids are predictable

export function message(text: string, room = 'general', name = 'alice'): NewMessage {
  return { room, name, text, time: '2024-01-01T00:00:00.000Z' };
}

export function describeMessageStore(label: string, open: OpenStore): void {
  describe(`${label}: the MessageStore contract`, () => {
    const opened: MessageStore[] = [];
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close?.();
    });
    async function fresh(historySize = 50, now = () => T0): Promise<MessageStore> {
      const store = await open({ historySize, now });
      opened.push(store);
      return store;
    }
    const texts = (messages: ChatMessage[]) => messages.map((m) => m.text);

    it('gives each message the next id of its room, starting at the clock × 1000, and returns it with the message', async () => {
      const store = await fresh();
      const first = await store.append('general', message('one'));
      expect(first).to.deep.equal({ id: T0 * 1000 + 1, ...message('one') });
      expect((await store.append('general', message('two'))).id).to.equal(T0 * 1000 + 2);
      // Another room counts on its own.
      expect((await store.append('random', message('elsewhere', 'random'))).id).to.equal(T0 * 1000 + 1);
      expect(await store.recent('general')).to.deep.equal([first, { id: T0 * 1000 + 2, ...message('two') }]);
    });

    it('keeps the last historySize messages per room, oldest first; after= gives only those after that id', async () => {
      const store = await fresh(3);
      const sent: ChatMessage[] = [];
      for (const text of ['a', 'b', 'c', 'd', 'e']) sent.push(await store.append('general', message(text)));
      expect(texts(await store.recent('general'))).to.deep.equal(['c', 'd', 'e']);
      expect(texts(await store.recent('general', sent[2]!.id))).to.deep.equal(['d', 'e']);
      expect(texts(await store.recent('general', sent[4]!.id))).to.deep.equal([]);
      expect(texts(await store.recent('general', 0))).to.deep.equal(['c', 'd', 'e']);
      expect(await store.recent('nowhere')).to.deep.equal([]);
    });

    it('ids stay unique when appends race', async () => {
      const store = await fresh();
      const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => store.append('general', message(`m${i}`))));
      expect(new Set(sent.map((m) => m.id)).size).to.equal(20);
      const stored = await store.recent('general');
      expect(stored.map((m) => m.id)).to.deep.equal([...stored.map((m) => m.id)].sort((a, b) => a - b));
      expect(stored).to.have.length(20);
    });

    it('at historySize 0 keeps nothing, and still counts ids', async () => {
      const store = await fresh(0);
      const a = await store.append('general', message('a'));
      const b = await store.append('general', message('b'));
      expect(b.id).to.equal(a.id + 1);
      expect(await store.recent('general')).to.deep.equal([]);
    });

    it('hands out copies: changing what it returned changes nothing stored', async () => {
      const store = await fresh();
      const sent = await store.append('general', message('original'));
      sent.text = 'changed';
      const [stored] = await store.recent('general');
      stored!.text = 'changed too';
      expect(texts(await store.recent('general'))).to.deep.equal(['original']);
    });

    it('a store that starts empty later gives ids above the ones an earlier store gave', async () => {
      const earlier = await fresh(50, () => T0);
      let last = 0;
      for (let i = 0; i < 5; i++) last = (await earlier.append('general', message(`old ${i}`))).id;
      const later = await fresh(50, () => T0 + 1);
      expect((await later.append('general', message('new'))).id).to.be.above(last);
    });

    it('refuses a historySize that is not a non-negative integer', async () => {
      for (const historySize of [-1, 1.5, Number.NaN]) {
        let failure: unknown;
        await open({ historySize, now: () => T0 }).then((store) => opened.push(store), (error: unknown) => (failure = error));
        expect(failure, String(historySize)).to.be.instanceOf(RangeError);
      }
    });
  });
}
