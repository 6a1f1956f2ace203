// Crash tests: TCP resets at every point of an upgrade or a request never reach the process. Each
// runs against an app in its own process (support/target.ts), which must stay alive and serving.
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'chai';
import { connectRaw, h2cUpgrade, pollingHandshake, rawRequest, type RawPeer } from './support/raw-peer.js';
import { TargetProcess } from './support/target-process.js';
import type { TargetConfig } from './support/target-protocol.js';

const RESET_DELAYS_MS = [0, 50, 1100]; // at once, within rtio's 1000 ms grace period, after it

/** A WebSocket upgrade request for rtio's endpoint (`sid` for the upgrade of a polling session). */
function websocketUpgrade(sid?: string): string {
  return rawRequest('GET', `/rt/?EIO=4&transport=websocket${sid === undefined ? '' : `&sid=${sid}`}`, [
    ['Host', '127.0.0.1'],
    ['Connection', 'Upgrade'],
    ['Upgrade', 'websocket'],
    ['Sec-WebSocket-Version', '13'],
    ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
  ]);
}

/** Sends `request` on a fresh connection, waits `ms` (or for the server's answer), then resets it. */
async function sendThenReset(port: number, request: string, when: number | RegExp): Promise<RawPeer> {
  const peer = await connectRaw(port);
  peer.socket.write(request);
  if (typeof when === 'number') await delay(when);
  else await peer.answer(when);
  peer.reset();
  return peer;
}

function describeTarget(title: string, config: TargetConfig, body: (target: () => TargetProcess) => void): void {
  describe(title, function () {
    this.timeout(20_000);
    let target: TargetProcess | undefined;
    // A test that killed the target leaves the next one a fresh target.
    beforeEach(async () => {
      if (target?.problem() === undefined && target !== undefined) return;
      await target?.stop();
      target = await TargetProcess.start(config);
    });
    after(() => target?.stop());
    // Every test ends with the app alive, nothing uncaught, nothing left open, and a client served.
    afterEach(async function () {
      if (this.currentTest?.state !== 'passed' || target === undefined) return;
      await target.quiet();
      expect(target.problem()).to.equal(undefined);
      await target.serves('websocket');
      await target.serves('polling');
    });
    body(() => target as TargetProcess);
  });
}

for (const appWebSocket of [true, false]) {
  const beside = appWebSocket ? 'beside the app’s own ws server on /ws' : 'with rtio the only upgrade listener';
  describeTarget(`hardening: upgrade requests reset at ${RESET_DELAYS_MS.join(', ')} ms, ${beside}`, { appWebSocket }, (target) => {
    for (const path of ['/', '/other', '/ws', '/rt/', '/rt/?EIO=4&transport=websocket']) {
      it(`an h2c upgrade of ${path}`, async () => {
        const peers = await Promise.all(RESET_DELAYS_MS.map((ms) => sendThenReset(target().port, h2cUpgrade(path), ms)));
        await Promise.all(peers.map((peer) => peer.closed));
        await target().quiet();
        expect(target().problem()).to.equal(undefined);
      });
    }
  });
}

for (const variant of ['plain', 'strict'] as const) {
  const decisions = variant === 'strict' ? ' (asynchronous CORS and allowRequest)' : '';
  describeTarget(`hardening: resets around rtio's requests${decisions}`, { variant }, (target) => {
    it('a WebSocket handshake reset before the answer', async () => {
      const peers = await Promise.all([0, 1, 5].map((ms) => sendThenReset(target().port, websocketUpgrade(), ms)));
      await Promise.all(peers.map((peer) => peer.closed));
    });

    it('a WebSocket handshake reset right after the 101', async () => {
      const peer = await sendThenReset(target().port, websocketUpgrade(), /\r\n\r\n/);
      expect(peer.received()).to.match(/^HTTP\/1\.1 101 /);
    });

    it('the upgrade of a polling session reset before and right after the 101', async () => {
      const early = await sendThenReset(target().port, websocketUpgrade(await pollingHandshake(target().port)), 0);
      const late = await sendThenReset(target().port, websocketUpgrade(await pollingHandshake(target().port)), /\r\n\r\n/);
      await Promise.all([early.closed, late.closed]);
      expect(late.received()).to.match(/^HTTP\/1\.1 101 /);
    });

    it('a polling POST reset halfway through its body', async () => {
      const sid = await pollingHandshake(target().port);
      const headers = [['Host', '127.0.0.1'], ['Content-Type', 'text/plain;charset=UTF-8'], ['Content-Length', '100']] as const;
      const peer = await sendThenReset(target().port, rawRequest('POST', `/rt/?EIO=4&transport=polling&sid=${sid}`, headers, '40{"token"'), 20);
      await peer.closed;
    });

    it('a held polling GET reset while it waits', async () => {
      const sid = await pollingHandshake(target().port);
      const peer = await sendThenReset(target().port, rawRequest('GET', `/rt/?EIO=4&transport=polling&sid=${sid}`, [['Host', '127.0.0.1']]), 20);
      await peer.closed;
    });
  });
}
