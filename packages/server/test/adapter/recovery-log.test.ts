// The in-memory adapter's recovery log on its own: what a restored session gets, and the bounds.
import { expect } from 'chai';
import { ManualClock } from '@rtio/protocol';
import { RecoveryLog } from '../../src/adapter/recovery-log.js';

const to = (rooms: string[] = [], except: string[] = []) => ({ rooms: new Set(rooms), except: new Set(except), flags: {} });
const names = (packets: unknown[][] | undefined) => packets?.map((data) => data[0]);

describe('RecoveryLog', () => {
  let clock: ManualClock;
  let log: RecoveryLog;
  const session = (pid: string, rooms: string[], startOffset?: string) => ({ sid: `s-${pid}`, pid, rooms, data: { pid }, startOffset });

  beforeEach(() => {
    clock = new ManualClock();
    log = new RecoveryLog({ maxDisconnectionDuration: 1000, maxLoggedPackets: 5 }, clock);
  });

  it('gives back the packets after the offset that reached the session, then those it missed, in order, once', () => {
    const start = log.currentOffset();
    const first = ['a'];
    log.append(first, to());
    const offset = first[1] as string; // the client got "a"
    log.append(['b'], to(['room']));
    log.append(['c'], to(['elsewhere']));
    log.persist(session('p', ['s-p', 'room'], start));
    log.append(['d'], to(['room'], ['s-p']));
    log.append(['e'], to(['s-p']));
    const restored = log.restore('p', offset);
    expect(names(restored?.missedPackets)).to.deep.equal(['b', 'e']);
    expect(restored?.missedPackets[1]?.[1]).to.match(/\.5$/);
    expect(restored).to.include({ sid: 's-p', startOffset: start });
    expect(log.restore('p', offset), 'a session is restored once').to.equal(undefined);
  });

  it('restores from the start offset when the client got nothing yet', () => {
    log.append(['before'], to());
    const start = log.currentOffset();
    log.append(['in flight'], to());
    log.persist(session('p', ['s-p'], start));
    expect(names(log.restore('p', undefined)?.missedPackets)).to.deep.equal(['in flight']);
  });

  it('refuses expired sessions, offsets of another log and offsets older than what it keeps', () => {
    log.persist(session('old', ['s-old'], log.currentOffset()));
    clock.advance(1001);
    expect(log.restore('old', undefined)).to.equal(undefined);

    const other = new RecoveryLog({ maxDisconnectionDuration: 1000, maxLoggedPackets: 5 }, clock);
    log.persist(session('foreign', ['s-foreign'], log.currentOffset()));
    expect(log.restore('foreign', other.currentOffset())).to.equal(undefined);

    const start = log.currentOffset();
    for (let i = 0; i < 7; i++) log.append([`p${i}`], to());
    log.persist(session('far', ['s-far'], start));
    expect(log.size.packets).to.equal(5);
    expect(log.restore('far', start), 'p0 and p1 are gone: it cannot prove nothing was lost').to.equal(undefined);
  });

  it('drops a session that missed more than maxLoggedPackets, and stops capturing for it', () => {
    log.persist(session('p', ['s-p'], log.currentOffset()));
    for (let i = 0; i < 6; i++) log.append([`p${i}`], to());
    expect(log.restore('p', undefined)).to.equal(undefined);
  });

  it('forgets expired sessions when others disconnect, so memory stays bounded', () => {
    for (let i = 0; i < 100; i++) log.persist(session(`p${i}`, [`s-p${i}`], undefined));
    expect(log.size.sessions).to.equal(100);
    clock.advance(1001);
    log.persist(session('late', ['s-late'], undefined));
    expect(log.size.sessions).to.equal(1);
  });

  it('never replays packets from before the session began, whatever offset the client keeps', () => {
    const early = ['early'];
    log.append(early, to());
    const start = log.currentOffset();
    log.append(['mine'], to());
    log.persist(session('p', ['s-p'], start));
    expect(names(log.restore('p', early[1] as string)?.missedPackets)).to.deep.equal(['mine']);
  });
});
