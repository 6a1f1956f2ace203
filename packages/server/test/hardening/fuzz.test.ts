// The fuzzer: random and mutated Engine.IO, Socket.IO and HTTP input (support/attacks.ts) against an
// app in its own process. After every case the app is alive, nothing went uncaught, a client that
// stayed connected throughout still echoes and new clients on both transports are served; at the end
// every session, socket, room and connection is gone and the heap is back near its baseline.
//
// Time: RTIO_FUZZ_SECONDS (default 20, shared by the two variants). Replay: RTIO_FUZZ_SEED and
// RTIO_FUZZ_PATH, both printed by fast-check when a case fails; the seed is in the test titles.
import { expect } from 'chai';
import fc from 'fast-check';
import { io as createClient, type Socket as ClientSocket } from 'socket.io-client';
import { within } from '../socket/support/events.js';
import { play } from './support/attacker.js';
import { attackCaseArb } from './support/attacks.js';
import { TargetProcess } from './support/target-process.js';
import type { TargetConfig } from './support/target-protocol.js';

const SECONDS = Number(process.env.RTIO_FUZZ_SECONDS ?? 20);
const SEED = process.env.RTIO_FUZZ_SEED === undefined ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : Number(process.env.RTIO_FUZZ_SEED);
const PATH = process.env.RTIO_FUZZ_PATH;
/** Heap the attacks may leave behind after a full gc (JIT code and caches warm up too). */
const HEAP_SLACK_BYTES = 8 * 1024 * 1024;

/** A client connected for the whole run: it must never be disconnected by what others send. */
async function connectWitness(url: string): Promise<{ client: ClientSocket; disconnects: string[] }> {
  const client = createClient(url, { path: '/rt/', forceNew: true, reconnection: false, transports: ['websocket'] });
  const disconnects: string[] = [];
  client.on('disconnect', (reason) => disconnects.push(reason));
  await within(new Promise<void>((resolve, reject) => client.once('connect', resolve).once('connect_error', reject)), 3000, 'the witness to connect');
  return { client, disconnects };
}

function fuzz(variant: TargetConfig['variant'], seconds: number): void {
  it(`${variant} target: survives ${seconds} s of random attacks (seed ${SEED})`, async function () {
    this.timeout((seconds + 60) * 1000);
    const config: TargetConfig = { variant, destroyUpgradeTimeout: 200 };
    const target = await TargetProcess.start(config);
    const witness = await connectWitness(target.url);
    try {
      await target.serves('websocket');
      await target.serves('polling');
      const baseline = await target.state(true);
      let cases = 0;

      await fc.assert(
        fc.asyncProperty(attackCaseArb, async (attacks) => {
          cases++;
          try {
            const played = await Promise.allSettled(attacks.map((attack) => play(target.port, attack)));
            for (const outcome of played) if (outcome.status === 'rejected') throw outcome.reason;
            expect(witness.disconnects, 'the witness was disconnected').to.deep.equal([]);
            const echoed: unknown = await witness.client.timeout(3000).emitWithAck('echo', cases);
            expect(echoed).to.equal(cases);
            await Promise.all([target.serves('websocket'), target.serves('polling')]);
          } catch (error) {
            // A dying target fails the checks first; what killed it is the finding.
            await target.exitedWithin(1000);
            throw target.problem() === undefined ? error : new Error(target.problem());
          }
          const problem = target.problem();
          if (problem !== undefined) throw new Error(problem);
        }),
        {
          seed: SEED,
          path: PATH,
          numRuns: PATH === undefined ? 1_000_000 : 1,
          // No shrinking: the crash report names the culprit, and a dead target has no second try.
          endOnFailure: true,
          plugins: [fc.interruptAfterTimeLimit(seconds * 1000)],
        },
      );

      witness.client.close();
      const quiet = await target.quiet(10_000);
      expect(target.problem()).to.equal(undefined);
      const after = await target.state(true);
      expect(after.heapUsed, `heap after ${cases} cases (baseline ${baseline.heapUsed}, quiet ${quiet.heapUsed})`).to.be.below(baseline.heapUsed + HEAP_SLACK_BYTES);
      expect(target.stderr).to.not.match(/Warning/);
      expect(cases).to.be.above(10);
      const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
      console.log(`      fuzz ${variant}: ${cases} cases; heap ${mb(baseline.heapUsed)} MB before, ${mb(after.heapUsed)} MB after`);
    } finally {
      witness.client.close();
      await target.stop();
    }
  });
}

describe('hardening: fuzzer', () => {
  fuzz('plain', SECONDS / 2);
  fuzz('strict', SECONDS / 2);
});
