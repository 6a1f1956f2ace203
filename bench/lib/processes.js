// Starting the server and load processes, each with its own IPC channel to the runner.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Node child with a raised descriptor limit (10,000 sockets need more than the usual 1,024). */
function startNode(script, nodeArgs = []) {
  const child = spawn(
    'bash',
    ['-c', 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$@"', 'bash', process.execPath, ...nodeArgs, join(benchDir, script)],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return child;
}

/** Waits for the next message of `type` from `child`, failing if it exits or `timeoutMs` passes. */
export function nextMessage(child, type, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no "${type}" from ${child.spawnfile} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message) => {
      if (message.type === type) finish(undefined, message);
      else if (message.type === 'error') finish(new Error(message.message));
    };
    const onExit = (code, signal) => finish(new Error(`process exited (${code ?? signal}) before "${type}"`));
    function finish(error, message) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts a bench server; resolves with its process, port and path once it listens. */
export async function startServer(server, { cpuProfileDir } = {}) {
  const nodeArgs = ['--expose-gc'];
  if (cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`);
  const child = startNode(server.script, nodeArgs);
  const ready = await nextMessage(child, 'ready', 15000);
  return { child, port: ready.port, path: ready.path };
}

export function startLoad() {
  return startNode('load/worker.js');
}

/** Asks a process to stop, and kills it if it has not within a second. */
export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (child.connected) child.send({ type: 'stop' });
  const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
  await exited;
  clearTimeout(timer);
}
