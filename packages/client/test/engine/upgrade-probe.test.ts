// The upgrade probe's state machine on its own, with scripted transports (timing a real probe
// failure into the pause window is not reliable): what happens when the probe fails mid-way.
import { expect } from 'chai';
import type { EnginePacket } from '@rtio/protocol';
import type { Transport, TransportHooks } from '../../src/engine/transport.js';
import { startUpgrade } from '../../src/engine/upgrade.js';
import { networkError } from '../../src/engine/engine-error.js';

function scriptedTransport(name: 'polling' | 'websocket') {
  const log: string[] = [];
  const sent: EnginePacket[] = [];
  let pauseDone: (() => void) | undefined;
  const transport: Transport = {
    name,
    sid: 'sid',
    query: {},
    hooks: {} as TransportHooks,
    writable: true,
    open: () => log.push('open'),
    send: (packets) => sent.push(...packets),
    pause: (done) => {
      log.push(done ? 'pause' : 'resume');
      if (done) pauseDone = done; // kept: a transport may still call it after a resume
    },
    close: () => log.push('close'),
  };
  return { transport, log, sent, finishPause: () => pauseDone?.() };
}

describe('engine client: the upgrade probe', () => {
  it('a probe that fails while polling is paused resumes polling and never sends the upgrade packet', () => {
    const probe = scriptedTransport('websocket');
    const polling = scriptedTransport('polling');
    const events: string[] = [];
    startUpgrade(probe.transport, polling.transport, {
      upgrading: () => events.push('upgrading'),
      upgraded: () => events.push('upgraded'),
      failed: () => events.push('failed'),
    });
    probe.transport.hooks.onOpen?.();
    expect(probe.sent).to.deep.equal([{ type: 'ping', data: 'probe' }]);
    probe.transport.hooks.onPacket({ type: 'pong', data: 'probe' });
    expect(polling.log).to.deep.equal(['pause']);
    probe.transport.hooks.onClose('transport close');
    expect(polling.log).to.deep.equal(['pause', 'resume']);
    expect(probe.log).to.include('close');
    polling.finishPause(); // polling goes idle after the failure: too late to switch
    expect(events).to.deep.equal(['upgrading', 'failed']);
    expect(probe.sent.map((p) => p.type)).to.deep.equal(['ping']);
  });

  it('an unexpected answer to the probe fails it before pausing polling', () => {
    const probe = scriptedTransport('websocket');
    const polling = scriptedTransport('polling');
    const events: string[] = [];
    startUpgrade(probe.transport, polling.transport, { upgrading: () => events.push('upgrading'), upgraded: () => events.push('upgraded'), failed: () => events.push('failed') });
    probe.transport.hooks.onPacket({ type: 'message', data: 'hello' });
    expect(events).to.deep.equal(['failed']);
    expect(polling.log).to.deep.equal([]);
  });
});

describe('engine client: connect error kinds', () => {
  const global = globalThis as { location?: { origin: string } };
  afterEach(() => delete global.location);

  it("a fetch TypeError towards another origin than the page's is kind 'cors'; the same origin is 'network'", () => {
    global.location = { origin: 'http://page.example' };
    const failed = new TypeError('Failed to fetch');
    expect(networkError(failed, 'http://api.example/rt/?EIO=4', 'polling')).to.include({ kind: 'cors', transport: 'polling' });
    expect(networkError(failed, 'http://page.example/rt/?EIO=4', 'polling')).to.include({ kind: 'network' });
    delete global.location;
    expect(networkError(failed, 'http://api.example/rt/?EIO=4', 'polling')).to.include({ kind: 'network' });
  });
});
