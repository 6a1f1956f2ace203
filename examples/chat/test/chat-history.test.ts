// The chat server's history over the wire: every message carries the id its store gave it, a page
// coming back asks with `since` for only what it missed, people in other rooms get a light
// `activity` signal, notices say who and what, and with a data directory the history outlives
// the server.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Payload } from './chat-client.js';
import { useChatHarness } from './chat-harness.js';

const texts = (messages: unknown) => (messages as Payload[]).map((m) => m.text);
const ids = (messages: unknown) => (messages as Payload[]).map((m) => m.id as number);

describe('examples/chat: history, ids and activity', () => {
  const { start, connect, member, serverErrors } = useChatHarness();

  it('broadcasts each message with the id its store gave it, increasing within a room, and the same id in the history', async () => {
    await start();
    const alice = await member('alice');
    for (const text of ['one', 'two', 'three']) await alice.roundTrip(text);
    const sent = alice.all('message');
    expect(ids(sent).every((id) => Number.isSafeInteger(id))).to.equal(true);
    expect(ids(sent)[1]).to.equal(ids(sent)[0]! + 1);
    expect(ids(sent)[2]).to.equal(ids(sent)[1]! + 1);
    const bob = await connect();
    const ack = await bob.request('join', { name: 'bob' });
    expect(ack.history).to.deep.equal(sent);
  });

  it('join and switch with `since` answer only the messages after that id (a page that reconnects)', async () => {
    await start();
    const alice = await member('alice');
    for (const text of ['one', 'two', 'three']) await alice.roundTrip(text);
    const [, two] = alice.all('message');

    const back = await connect();
    const ack = await back.request('join', { name: 'bob', since: two!.id });
    expect(texts(ack.history)).to.deep.equal(['three']);
    // Nothing new: an empty history, not the whole of it.
    const last = alice.all('message')[2]!.id;
    expect(await back.request('switch', { room: 'random' })).to.include({ ok: true });
    const again = await back.request('switch', { room: 'general', since: last });
    expect(again).to.deep.equal({ ok: true, room: 'general', history: [] });
    // A `since` that is not a positive safe integer is no `since`: the whole recent history.
    for (const since of [-1, 1.5, '2', null, Number.MAX_SAFE_INTEGER + 2, { gt: 0 }]) {
      const reply = await back.request('switch', { room: 'general', since });
      expect(texts(reply.history), JSON.stringify(since)).to.deep.equal(['one', 'two', 'three']);
    }
    expect(serverErrors).to.deep.equal([]);
  });

  it('tells people in other rooms that a room has a new message (room and id only), and nobody in that room', async () => {
    await start();
    const alice = await member('alice');
    const bob = await member('bob', 'random');
    const stranger = await connect(); // connected, never joined: not told
    await bob.roundTrip('news in random');
    const [sent] = bob.all('message');
    expect(await alice.waitFor('activity')).to.deep.equal({ room: 'random', id: sent!.id });
    await alice.roundTrip('marker');
    expect(bob.all('activity')).to.deep.equal([]);
    expect(alice.all('message').map((m) => m.text)).to.deep.equal(['marker']);
    await stranger.request('join', { name: 'late' });
    expect(stranger.all('activity')).to.deep.equal([]);
  });

  it('notices carry who and what besides their text', async () => {
    await start();
    const alice = await member('alice');
    await member('bob');
    expect(await alice.notice('bob joined')).to.include({ room: 'general', name: 'bob', event: 'joined' });
  });

  it('the history outlives the server: a chat started again on the same data directory has it, and counts on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rtio-chat-history-'));
    try {
      const first = await start({ dataDir });
      const alice = await member('alice');
      for (const text of ['before', 'the restart']) await alice.roundTrip(text);
      const before = alice.all('message');
      alice.close();
      await first.close();

      await start({ dataDir });
      const bob = await connect();
      const ack = await bob.request('join', { name: 'bob' });
      expect(ack.history).to.deep.equal(before);
      await bob.roundTrip('after');
      expect(bob.all('message')[0]!.id).to.equal((before[1]!.id as number) + 1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
