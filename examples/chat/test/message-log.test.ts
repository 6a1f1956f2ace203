// The page's per-room log (public/message-log.js, plain data, no DOM): history merged after a
// reconnect adds only what is missing, in id order, and keeps everything already shown.
import { expect } from 'chai';
import { MessageLog, type MessageEntry } from '../public/message-log.js';

const at = (id: number | undefined, text = `m${id}`): MessageEntry => ({ kind: 'message', id, name: 'alice', text, time: '2024-01-01T00:00:00.000Z' });
const texts = (log: MessageLog) => log.entries.map((entry) => entry.text);

describe('examples/chat: the page’s message log', () => {
  it('merges history by id: no duplicates, in order, notices and id-less messages kept where they were', () => {
    const log = new MessageLog(100);
    log.addMessage(at(1));
    log.addNotice({ kind: 'notice', name: 'bob', event: 'joined', text: 'bob joined', time: '2024-01-01T00:00:00.000Z' });
    log.addMessage(at(2));
    log.addMessage(at(undefined, 'unsaved'));
    log.addMessage(at(5)); // came live while the ack of the rejoin was on its way
    expect(log.merge([at(1), at(2), at(3), at(4), at(5)])).to.equal(true);
    expect(texts(log)).to.deep.equal(['m1', 'bob joined', 'm2', 'unsaved', 'm3', 'm4', 'm5']);
    expect(log.merge([at(4), at(5)])).to.equal(false);
    expect(log.addMessage(at(5))).to.equal('duplicate');
    expect(log.addMessage(at(6))).to.equal('appended');
    expect(log.lastId()).to.equal(6);
  });

  it('keeps at most `limit` entries, dropping the oldest, and counts what it dropped', () => {
    const log = new MessageLog(3);
    for (const id of [1, 2, 3, 4]) log.addMessage(at(id));
    expect(texts(log)).to.deep.equal(['m2', 'm3', 'm4']);
    expect(log.dropped).to.equal(1);
    expect(new MessageLog(3).lastId()).to.equal(0);
  });
});
