// The contract every adapter keeps, as one suite run against each implementation
// (in-memory here; the Redis adapter runs it too). Sockets are recording fakes on one node.
import { expect } from 'chai';
import { PacketDecoder, PacketEncoder, PacketType, systemClock, type AckHandler, type EncodedPacket } from '@rtio/protocol';
import type { Adapter, AdapterNamespace, AdapterSocket } from '../../src/adapter/adapter.js';
import type { BroadcastFlags, BroadcastOptions, Handshake } from '../../src/types.js';

export class RecordingSocket implements AdapterSocket {
  readonly delivered: Array<{ encoded: EncodedPacket; flags: BroadcastFlags }> = [];
  readonly acks = new Map<number, AckHandler>();
  readonly handshake = { auth: {} } as Handshake;
  data: unknown = {};
  disconnectedWith: boolean | undefined;

  constructor(
    readonly id: string,
    private readonly adapter: () => Adapter,
  ) {}

  get rooms(): ReadonlySet<string> {
    return new Set(this.adapter().socketRooms(this.id) ?? []);
  }
  emit(): boolean {
    return true;
  }
  join(rooms: string | string[]): void {
    void this.adapter().addAll(this.id, new Set(typeof rooms === 'string' ? [rooms] : rooms));
  }
  leave(room: string): void {
    void this.adapter().del(this.id, room);
  }
  disconnect(close = false): void {
    this.disconnectedWith = close;
  }
  deliver(encoded: EncodedPacket, flags: BroadcastFlags): void {
    this.delivered.push({ encoded, flags });
  }
  expectAck(id: number, handler: AckHandler): void {
    this.acks.set(id, handler);
  }
  /** The event names this socket received, decoded from the wire text. */
  events(): string[] {
    return this.delivered.map(({ encoded }) => {
      const packet = new PacketDecoder().add(encoded[0]);
      return packet && packet.type === PacketType.EVENT ? packet.data[0] : '?';
    });
  }
}

export interface ConformanceFixture {
  adapter: Adapter;
  sockets: Map<string, RecordingSocket>;
  add(id: string, rooms?: string[]): RecordingSocket;
  close(): Promise<void>;
}

type AdapterFactory = (nsp: AdapterNamespace) => Adapter | Promise<Adapter>;

function options(rooms: string[] = [], except: string[] = [], flags: BroadcastFlags = {}): BroadcastOptions {
  return { rooms: new Set(rooms), except: new Set(except), flags };
}

async function fixture(factory: AdapterFactory): Promise<ConformanceFixture> {
  const sockets = new Map<string, RecordingSocket>();
  let nextAckId = 0;
  const namespace: AdapterNamespace = {
    name: '/',
    sockets,
    encoder: new PacketEncoder(),
    receiveServerSideEmit: () => {},
    allocateAckId: () => nextAckId++,
    recovery: undefined,
    clock: systemClock,
  };
  const adapter = await factory(namespace);
  await adapter.init();
  return {
    adapter,
    sockets,
    add(id, rooms = []) {
      const socket = new RecordingSocket(id, () => adapter);
      sockets.set(id, socket);
      void adapter.addAll(id, new Set([id, ...rooms]));
      return socket;
    },
    close: async () => adapter.close(),
  };
}

/** Registers the conformance suite for one adapter implementation. */
export function adapterConformance(name: string, factory: AdapterFactory): void {
  describe(`adapter conformance: ${name}`, () => {
    let f: ConformanceFixture;
    beforeEach(async () => {
      f = await fixture(factory);
    });
    afterEach(async () => f.close());

    it('tracks rooms per socket and sockets per room', async () => {
      f.add('a', ['red', 'blue']);
      f.add('b', ['red']);
      expect([...(f.adapter.socketRooms('a') ?? [])].sort()).to.deep.equal(['a', 'blue', 'red']);
      expect([...(await f.adapter.sockets(new Set(['red'])))].sort()).to.deep.equal(['a', 'b']);
      expect([...(await f.adapter.sockets(new Set()))].sort()).to.deep.equal(['a', 'b']);
      await f.adapter.del('a', 'red');
      expect([...(await f.adapter.sockets(new Set(['red'])))]).to.deep.equal(['b']);
      expect(await f.adapter.roomSize('red')).to.equal(1);
      f.adapter.delAll('b');
      expect(f.adapter.socketRooms('b')).to.equal(undefined);
      expect(await f.adapter.roomSize('red')).to.equal(0);
    });

    it('reports create-room, join-room, leave-room and delete-room', async () => {
      const events: string[] = [];
      f.adapter.on('create-room', (room) => events.push(`create ${room}`));
      f.adapter.on('join-room', (room, id) => events.push(`join ${room} ${id}`));
      f.adapter.on('leave-room', (room, id) => events.push(`leave ${room} ${id}`));
      f.adapter.on('delete-room', (room) => events.push(`delete ${room}`));
      await f.adapter.addAll('s', new Set(['x']));
      await f.adapter.addAll('t', new Set(['x']));
      await f.adapter.del('s', 'x');
      f.adapter.delAll('t');
      expect(events).to.deep.equal(['create x', 'join x s', 'join x t', 'leave x s', 'leave x t', 'delete x']);
    });

    it('broadcasts to all, to rooms, and except rooms, each socket once', async () => {
      const a = f.add('a', ['red', 'blue']);
      const b = f.add('b', ['red']);
      const c = f.add('c', ['banned']);
      const packet = (name: string) => ({ type: PacketType.EVENT, nsp: '/', data: [name] as [string] });
      f.adapter.broadcast(packet('all'), options());
      f.adapter.broadcast(packet('red+blue'), options(['red', 'blue']));
      f.adapter.broadcast(packet('not-banned'), options([], ['banned']));
      f.adapter.broadcast(packet('red-not-b'), options(['red'], ['b']));
      expect(a.events()).to.deep.equal(['all', 'red+blue', 'not-banned', 'red-not-b']);
      expect(b.events()).to.deep.equal(['all', 'red+blue', 'not-banned']);
      expect(c.events()).to.deep.equal(['all']);
    });

    it('encodes a broadcast once: every recipient gets the same encoded packet', () => {
      const a = f.add('a');
      const b = f.add('b');
      f.adapter.broadcast({ type: PacketType.EVENT, nsp: '/', data: ['once', Buffer.from([1])] }, options());
      expect(a.delivered[0]?.encoded).to.equal(b.delivered[0]?.encoded);
      expect(a.delivered[0]?.encoded[0]).to.equal('51-["once",{"_placeholder":true,"num":0}]');
    });

    it('passes the flags to each recipient', () => {
      const a = f.add('a');
      f.adapter.broadcast({ type: PacketType.EVENT, nsp: '/', data: ['v'] }, options([], [], { volatile: true, compress: false }));
      expect(a.delivered[0]?.flags).to.deep.equal({ volatile: true, compress: false });
    });

    it('counts the recipients of a broadcast with ack and hands over their responses', () => {
      const a = f.add('a', ['red']);
      const b = f.add('b', ['red']);
      f.add('c');
      let count = -1;
      const responses: unknown[] = [];
      f.adapter.broadcastWithAck({ type: PacketType.EVENT, nsp: '/', id: 7, data: ['ask'] }, options(['red'], [], { timeout: 100 }), {
        onClientCount: (n) => (count = n),
        onResponse: (r) => responses.push(r),
      });
      expect(count).to.equal(2);
      a.acks.get(7)?.(null, ['yes-a']);
      b.acks.get(7)?.(null, ['yes-b']);
      expect(responses).to.deep.equal(['yes-a', 'yes-b']);
    });

    it('fetches, joins, removes and disconnects the targeted sockets', async () => {
      f.add('a', ['red']);
      const b = f.add('b', ['red']);
      const c = f.add('c');
      expect((await f.adapter.fetchSockets(options(['red']))).map((s) => s.id).sort()).to.deep.equal(['a', 'b']);
      f.adapter.addSockets(options(['red'], ['a']), ['green']);
      expect([...(await f.adapter.sockets(new Set(['green'])))]).to.deep.equal(['b']);
      f.adapter.delSockets(options(['green']), ['red']);
      expect([...(await f.adapter.sockets(new Set(['red'])))]).to.deep.equal(['a']);
      f.adapter.disconnectSockets(options([], ['red']), true);
      expect([b.disconnectedWith, c.disconnectedWith]).to.deep.equal([true, true]);
    });

    it('counts one server and answers a serverSideEmit ack on its own', async () => {
      expect(await f.adapter.serverCount()).to.be.at.least(1);
      const answer = new Promise<unknown[]>((resolve) => f.adapter.serverSideEmit(['hello', (err: Error | null, responses: unknown[]) => resolve([err, responses])]));
      expect(await answer).to.deep.equal([null, []]);
    });
  });
}
