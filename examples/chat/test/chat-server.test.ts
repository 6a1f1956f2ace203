// The chat example's server, driven by official socket.io-client sockets over WebSocket.
// Every wait is for a real event; the timers only turn a missing event into a failure.
import { expect } from 'chai';
import type { MessageStore } from '../message-store.js';
import { guard, type Payload } from './chat-client.js';
import { useChatHarness } from './chat-harness.js';

const ROOMS = ['general', 'random'];

describe('examples/chat: server', () => {
  const harness = useChatHarness();
  const { serverErrors, connect, member } = harness;
  const start = (historySize = 50, store?: MessageStore) => harness.start({ historySize, store });

  describe('join', () => {
    it('acks name, room, rooms and history, and tells the room who joined and who is online', async () => {
      await start();
      const alice = await connect();
      const ack = await alice.request('join', { name: '  alice  ' });
      expect(ack).to.deep.equal({ ok: true, name: 'alice', room: 'general', rooms: ROOMS, history: [] });
      expect(await alice.notice('alice joined')).to.include({ room: 'general' });
      await alice.online('general', ['alice']);

      const bob = await connect();
      expect(await bob.request('join', { name: 'bob' })).to.include({ ok: true, room: 'general' });
      const notice = await alice.notice('bob joined');
      expect(notice.room).to.equal('general');
      expect(new Date(notice.time as string).toISOString()).to.equal(notice.time);
      await alice.online('general', ['alice', 'bob']);
      await bob.online('general', ['alice', 'bob']);
      expect(serverErrors).to.deep.equal([]);
    });

    it('refuses names that are empty, blank, longer than 24 characters or not strings', async () => {
      await start();
      const client = await connect();
      const error = { error: 'Name must be 1 to 24 characters' };
      for (const name of ['', '    ', 'x'.repeat(25), ' ' + 'y'.repeat(25) + ' ', 42, null, true, ['alice'], { first: 'alice' }, 'z'.repeat(100_000)]) {
        expect(await client.request('join', { name }), JSON.stringify(name).slice(0, 40)).to.deep.equal(error);
      }
      expect(await client.request('join', {})).to.deep.equal(error);
      expect(await client.request('join', 'alice')).to.deep.equal(error);
      expect(await client.request('join', { name: 'x'.repeat(24) })).to.include({ ok: true, name: 'x'.repeat(24) });
    });

    it('a name in use is taken (whatever its case or width: ａｌｉｃｅ is alice by NFKC) until its owner leaves', async () => {
      await start();
      const alice = await member('alice');
      const other = await connect();
      for (const name of ['alice', ' ALICE ', 'ａｌｉｃｅ', 'ＡＬＩＣＥ']) {
        expect(await other.request('join', { name }), name).to.deep.equal({ error: 'That name is taken' });
      }
      alice.close();
      const bob = await member('bob');
      await bob.online('general', ['bob']); // alice is gone from rtio's view
      expect(await other.request('join', { name: 'ａｌｉｃｅ' })).to.include({ ok: true, name: 'alice' }); // kept as normalised
    });

    it('joins the room named in the payload when it exists (a page rejoining after a reconnect)', async () => {
      await start();
      const alice = await connect();
      expect(await alice.request('join', { name: 'alice', room: 'random' })).to.include({ ok: true, room: 'random' });
      await alice.online('random', ['alice']);
      const bob = await connect();
      expect(await bob.request('join', { name: 'bob', room: 'nowhere' })).to.include({ ok: true, room: 'general' });
    });

    it('the same page coming back with its clientId replaces its stale connection instead of "taken"', async () => {
      await start();
      const clientId = 'a'.repeat(32);
      const watcher = await member('watcher');
      const stale = await connect();
      expect(await stale.request('join', { name: 'alice', clientId })).to.include({ ok: true });
      await watcher.online('general', ['alice', 'watcher']);
      const intruder = await connect();
      expect(await intruder.request('join', { name: 'alice', clientId: 'b'.repeat(32) })).to.deep.equal({ error: 'That name is taken' });

      const staleGone = new Promise<unknown>((resolve) => stale.socket.once('disconnect', resolve));
      const fresh = await connect();
      expect(await fresh.request('join', { name: 'alice', clientId })).to.include({ ok: true, name: 'alice' });
      await guard(staleGone, 'the stale connection to be closed');
      await watcher.waitFor('notice', () => watcher.all('notice').filter((n) => n.text === 'alice joined').length === 2);
      await watcher.roundTrip('marker'); // a "left" notice would have come before
      expect(watcher.all('notice').map((n) => n.text)).to.not.include('alice left');
      await watcher.online('general', ['alice', 'watcher']);
    });
  });

  describe('message', () => {
    it('is broadcast to everyone in the room, sender included, and not to the other room', async () => {
      await start();
      const alice = await member('alice');
      const bob = await member('bob');
      const carol = await member('carol', 'random');

      const ack = await alice.request('message', { text: '  hello general  ' });
      expect(ack).to.deep.equal({ ok: true });
      for (const client of [alice, bob]) {
        const message = await client.waitFor('message');
        expect(message).to.have.keys(['id', 'room', 'name', 'text', 'time']);
        expect(message).to.include({ room: 'general', name: 'alice', text: 'hello general' });
        expect(new Date(message.time as string).toISOString()).to.equal(message.time);
      }
      await carol.roundTrip('hello random');
      expect(carol.all('message').map((m) => m.text)).to.deep.equal(['hello random']);
      expect(bob.all('message').map((m) => m.text)).to.deep.equal(['hello general']);
    });

    it('needs a join first, and 1 to 500 characters after trimming', async () => {
      await start();
      const client = await connect();
      expect(await client.request('message', { text: 'hi' })).to.deep.equal({ error: 'Join first' });
      await client.request('join', { name: 'alice' });
      const error = { error: 'Message must be 1 to 500 characters' };
      for (const text of ['', '   \n ', 'x'.repeat(501), 42, null, { text: 'hi' }, ['hi'], 'y'.repeat(200_000)]) {
        expect(await client.request('message', { text }), JSON.stringify(text).slice(0, 40)).to.deep.equal(error);
      }
      expect(await client.request('message', 'hi')).to.deep.equal(error);
      expect(await client.request('message')).to.deep.equal(error);
      await client.roundTrip(' ' + 'z'.repeat(500) + ' ');
      expect(client.all('message').map((m) => m.text)).to.deep.equal(['z'.repeat(500)]);
    });
  });

  describe('history', () => {
    it('a late joiner gets the last historySize messages of its room, oldest first', async () => {
      await start(3);
      const alice = await member('alice');
      for (const text of ['one', 'two', 'three', 'four', 'five']) await alice.roundTrip(text);
      const bob = await connect();
      const ack = await bob.request('join', { name: 'bob' });
      const history = ack.history as Payload[];
      expect(history.map((m) => m.text)).to.deep.equal(['three', 'four', 'five']);
      expect(history[0]).to.include({ room: 'general', name: 'alice' }).and.have.keys(['id', 'room', 'name', 'text', 'time']);
      expect(await bob.request('switch', { room: 'random' })).to.deep.equal({ ok: true, room: 'random', history: [] });
      await bob.roundTrip('in random');
      const back = await bob.request('switch', { room: 'general' });
      expect((back.history as Payload[]).map((m) => m.text)).to.deep.equal(['three', 'four', 'five']);
    });

    it('a failing store (Redis away) is logged, and joining, switching and sending still work without history', async () => {
      const failing: MessageStore = {
        append: () => Promise.reject(new Error('Redis is not connected')),
        recent: () => Promise.reject(new Error('Redis is not connected')),
      };
      await start(50, failing);
      const alice = await connect();
      expect(await alice.request('join', { name: 'alice' })).to.deep.equal({ ok: true, name: 'alice', room: 'general', rooms: ROOMS, history: [] });
      await alice.roundTrip('sent anyway');
      expect(await alice.request('switch', { room: 'random' })).to.deep.equal({ ok: true, room: 'random', history: [] });
      const logged = serverErrors.map((args) => String((args as unknown[])[0]));
      expect(logged).to.deep.equal([
        'chat: cannot read the history of general',
        'chat: cannot save a message of general to the history',
        'chat: cannot read the history of random',
      ]);
    });
  });

  describe('switch', () => {
    it('refuses unknown rooms, and before a join', async () => {
      await start();
      const client = await connect();
      expect(await client.request('switch', { room: 'random' })).to.deep.equal({ error: 'Join first' });
      await client.request('join', { name: 'alice' });
      for (const room of ['nowhere', '', 'General', '__proto__', 'constructor', 42, null, ['random']]) {
        expect(await client.request('switch', { room }), String(room)).to.deep.equal({ error: 'No such room' });
      }
      expect(await client.request('switch', 'random')).to.deep.equal({ error: 'No such room' });
      expect(await client.request('switch', { room: 'general' })).to.deep.equal({ ok: true, room: 'general', history: [] });
    });

    it('leaves the old room (notice + online there), joins the new one (notice + online), acks its history', async () => {
      await start();
      const alice = await member('alice');
      const bob = await member('bob');
      await alice.online('general', ['alice', 'bob']);
      const carol = await member('carol', 'random');
      await carol.roundTrip('earlier in random');
      for (const client of [alice, bob, carol]) client.clear();

      const ack = await bob.request('switch', { room: 'random' });
      expect(ack.ok).to.equal(true);
      expect(ack.room).to.equal('random');
      expect((ack.history as Payload[]).map((m) => m.text)).to.deep.equal(['earlier in random']);
      expect(await alice.notice('bob left')).to.include({ room: 'general' });
      await alice.online('general', ['alice']);
      expect(await carol.notice('bob joined')).to.include({ room: 'random' });
      await carol.online('random', ['bob', 'carol']);
      await bob.notice('bob joined');
      await bob.online('random', ['bob', 'carol']);

      // Now bob's messages go to random only.
      await bob.roundTrip('bob in random');
      await carol.waitFor('message', (m) => m.text === 'bob in random');
      await alice.roundTrip('alice in general');
      expect(alice.all('message').map((m) => m.text)).to.deep.equal(['alice in general']);
    });
  });

  describe('typing', () => {
    it('is relayed to the others in the room only, and ends when the typist leaves the room', async () => {
      await start();
      const alice = await member('alice');
      const bob = await member('bob');
      const carol = await member('carol', 'random');
      for (const client of [alice, bob, carol]) client.clear();

      alice.socket.emit('typing', { typing: true });
      expect(await bob.waitFor('typing')).to.deep.equal({ name: 'alice', typing: true });
      await alice.roundTrip('after typing'); // an echo to alice would have come before this
      await carol.roundTrip('marker'); // alice's typing was handled before carol's message
      expect(alice.all('typing')).to.deep.equal([]);
      expect(carol.all('typing')).to.deep.equal([]);

      alice.socket.emit('typing', { typing: false });
      await bob.waitFor('typing', (t) => t.typing === false);

      alice.socket.emit('typing', { typing: true });
      await bob.waitFor('typing', (t) => t.typing === true && bob.all('typing').length === 3);
      expect(await alice.request('switch', { room: 'random' })).to.include({ ok: true });
      await bob.waitFor('typing', () => bob.all('typing').length === 4);
      expect(bob.all('typing').at(-1)).to.deep.equal({ name: 'alice', typing: false });
    });
  });

  describe('disconnect', () => {
    it('tells the room "<name> left" and sends the new online list', async () => {
      await start();
      const alice = await member('alice');
      const bob = await member('bob');
      await bob.online('general', ['alice', 'bob']);
      alice.close();
      expect(await bob.notice('alice left')).to.include({ room: 'general' });
      await bob.online('general', ['bob']);
      expect(serverErrors).to.deep.equal([]);
    });
  });

  describe('malformed input', () => {
    it('gets an error ack or is ignored, never throws, and the server carries on', async () => {
      await start();
      const observer = await member('observer');
      const client = await connect();

      expect(await client.request('join', 42)).to.deep.equal({ error: 'Name must be 1 to 24 characters' });
      expect(await client.request('join', null)).to.deep.equal({ error: 'Name must be 1 to 24 characters' });
      expect(await client.request('join', [{ name: 'alice' }])).to.deep.equal({ error: 'Name must be 1 to 24 characters' });
      expect(await client.request('join')).to.deep.equal({ error: 'Name must be 1 to 24 characters' });
      expect(await client.request('join', { name: 'x' })).to.include({ ok: true, name: 'x' });
      expect(({} as Payload).polluted).to.equal(undefined);
      expect(await client.request('message', { text: 42 })).to.deep.equal({ error: 'Message must be 1 to 500 characters' });
      expect(await client.request('join', { name: 'y' })).to.deep.equal({ error: 'You already joined as x' });

      // Without an ack function: handled or dropped, no crash.
      const anonymous = await connect();
      anonymous.socket.emit('join', { name: 'quiet' });
      await observer.notice('quiet joined');
      for (const [event, ...args] of [
        ['message', { text: 42 }],
        ['message'],
        ['message', 'just a string'],
        ['switch', { room: 'nowhere' }],
        ['switch', 7],
        ['join', 42],
        ['typing', 'yes'],
        ['typing', { typing: 'yes' }],
        ['typing'],
        ['typing', { typing: true }, 'extra', 3],
        ['unknown-event', { anything: true }],
      ] as [string, ...unknown[]][]) {
        anonymous.socket.emit(event, ...args);
      }
      await anonymous.roundTrip('still here');
      await observer.waitFor('message', (m) => m.text === 'still here' && m.name === 'quiet');
      expect(observer.all('typing')).to.deep.equal([{ name: 'quiet', typing: true }]);

      // A prototype-pollution attempt: rtio's decoder refuses the packet and drops that connection.
      const hostile = await connect();
      const dropped = new Promise<unknown>((resolve) => hostile.socket.once('disconnect', resolve));
      hostile.socket.emit('join', JSON.parse('{"name":"evil","__proto__":{"polluted":true}}'));
      await guard(dropped, 'the hostile connection to be dropped');
      expect(({} as Payload).polluted).to.equal(undefined);

      // Typing before a join, with an ack, with extra arguments: ignored, never acked.
      const stranger = await connect();
      stranger.socket.emit('typing', { typing: true });
      stranger.socket.emit('switch', { room: 'random' });
      expect(await stranger.request('message', { text: 'hi' })).to.deep.equal({ error: 'Join first' });
      await observer.roundTrip('done');
      expect(observer.all('typing')).to.have.length(1);
      expect(serverErrors).to.deep.equal([]);
    });
  });

  describe('close()', () => {
    it('closes rtio and the http server, and may be called twice', async () => {
      const started = await start();
      const alice = await member('alice');
      const gone = new Promise<unknown>((resolve) => alice.socket.once('disconnect', resolve));
      await Promise.all([started.close(), started.close()]);
      expect(started.httpServer.listening).to.equal(false);
      await guard(gone, 'the client to be disconnected');
      await started.close();
    });
  });
});
