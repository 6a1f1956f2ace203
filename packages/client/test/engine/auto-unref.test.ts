// autoUnref: a Node process whose only work is a connected client (rtio and Socket.IO 4.8.3 servers,
// every transport setup) or a reconnecting one exits by itself; without it the client keeps it running.
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { Disposer } from '../../../server/test/helpers/index.js';
import { runNodeToExit } from '../../../server/test/socket/support/child-run.js';
import { MODES } from '../socket/support/clients.js';
import { closedPort, startRtio, startSio } from '../socket/support/servers.js';

const fixture = fileURLToPath(new URL('./fixtures/auto-unref-client.ts', import.meta.url));
const cwd = fileURLToPath(new URL('../../../..', import.meta.url));

/** Runs the fixture against `url`; the guard only catches a child that hangs (its control timer ends it at 1 s). */
const runClient = (url: string, mode: string, autoUnref: 'on' | 'off') =>
  runNodeToExit(['--import', 'tsx', '--conditions', 'rtio-source', fixture, url, mode, autoUnref], cwd, 8000, 'the client process to exit');

describe('client: autoUnref', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  for (const [kind, start] of [['rtio', startRtio], ['socket.io', startSio]] as const) {
    for (const mode of MODES) {
      it(`${kind} server, ${mode}: with autoUnref the connected client lets the process exit (code 0)`, async () => {
        const server = await start(disposer);
        const run = await runClient(server.url, mode, 'on');
        expect(run.stdout, run.stderr).to.equal('connected\n');
        expect(run.code).to.equal(0);
      });
    }
  }

  it('with autoUnref a client waiting to reconnect (refused connection) lets the process exit (code 0)', async () => {
    const run = await runClient(`http://127.0.0.1:${await closedPort()}`, 'upgrade', 'on');
    expect(run.stdout, run.stderr).to.equal('connect_error\n');
    expect(run.code).to.equal(0);
  });

  it('without autoUnref a client waiting to reconnect keeps the process running (the control timer fires)', async () => {
    const run = await runClient(`http://127.0.0.1:${await closedPort()}`, 'upgrade', 'off');
    expect(run.stdout, run.stderr).to.equal('connect_error\nstill alive\n');
    expect(run.code).to.equal(3);
  });

  it('without autoUnref the connected client keeps the process running (the control timer fires)', async () => {
    const server = await startRtio(disposer);
    const run = await runClient(server.url, 'upgrade', 'off');
    expect(run.stdout, run.stderr).to.equal('connected\nstill alive\n');
    expect(run.code).to.equal(3);
  });
});
