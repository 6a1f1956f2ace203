// Requests to other nodes and the node registry: done when every node answered, when the silent
// ones are known gone, or at the timeout, with the silent nodes named.
import { expect } from 'chai';
import { ClusterNodes } from '../src/cluster-nodes.js';
import { PendingRequests } from '../src/pending-requests.js';
import { resolveOptions } from '../src/options.js';

describe('redis adapter requests and nodes', () => {
  it('ends a request when every node answered, ignoring a second answer and unknown nodes', async () => {
    const requests = new PendingRequests();
    const { id, outcome } = requests.start(['a', 'b'], 10000);
    requests.answer(id, 'a', 1);
    requests.answer(id, 'a', 99);
    requests.answer(id, 'stranger', 5);
    requests.answer(id, 'b', 2);
    expect(await outcome).to.deep.equal({ answers: [{ node: 'a', payload: 1 }, { node: 'b', payload: 2 }], missing: [] });
  });

  it('stops waiting for a node that is gone, and names the silent ones at the timeout', async () => {
    const requests = new PendingRequests();
    const first = requests.start(['a', 'dead'], 10000);
    requests.answer(first.id, 'a', 'ok');
    requests.forgetNode('dead');
    expect((await first.outcome).missing).to.deep.equal([]);
    const second = requests.start(['a', 'silent'], 20);
    requests.answer(second.id, 'a', 'ok');
    expect(await second.outcome).to.deep.equal({ answers: [{ node: 'a', payload: 'ok' }], missing: ['silent'] });
  });

  it('ends at once with no node to ask', async () => {
    expect(await new PendingRequests().start([], 10000).outcome).to.deep.equal({ answers: [], missing: [] });
  });

  it('drops nodes silent past heartbeatTimeout and on their close, telling whoever waits', () => {
    const gone: string[] = [];
    let now = 1000;
    const nodes = new ClusterNodes(500, (node) => gone.push(node), () => now);
    nodes.seen('a');
    nodes.seen('b');
    nodes.remove('b');
    nodes.remove('b');
    expect(nodes.alive()).to.deep.equal(['a']);
    now += 500;
    nodes.sweep();
    expect(nodes.alive(), 'silent for exactly heartbeatTimeout: still alive').to.deep.equal(['a']);
    now += 1;
    nodes.sweep();
    expect(nodes.size).to.equal(0);
    expect(gone).to.deep.equal(['b', 'a']);
  });

  it('checks its options with messages that say what is wrong', () => {
    expect(resolveOptions()).to.include({ key: 'rtio', requestsTimeout: 5000, sharded: 'auto' });
    expect(() => resolveOptions({ key: 'a#b' })).to.throw(TypeError, /key/);
    expect(() => resolveOptions({ requestsTimeout: 0 })).to.throw(TypeError, /requestsTimeout/);
    expect(() => resolveOptions({ heartbeatInterval: 1000, heartbeatTimeout: 500 })).to.throw(TypeError, /heartbeatTimeout/);
    expect(() => resolveOptions({ sharded: 'yes' as never })).to.throw(TypeError, /sharded/);
  });
});
