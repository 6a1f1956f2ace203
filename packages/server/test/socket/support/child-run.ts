// Runs a Node script in a child process to its end: what it printed and its exit code.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { within } from './events.js';

export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` in `cwd`; fails if it has not exited by itself within `guardMs` (then it is killed). */
export async function runNodeToExit(args: readonly string[], cwd: string, guardMs: number, what: string): Promise<ChildRun> {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const code = await within(exited, guardMs, what);
    return { code, stdout, stderr };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Runs a fixture of this directory with plain Node on the built package (no tsx, no source
 * condition), from the package root; fails at once, saying so, when `pnpm build` has not run.
 */
export async function runBuiltFixture(fixture: string, guardMs: number, what: string): Promise<ChildRun> {
  const built = fileURLToPath(new URL('../../../dist/index.cjs', import.meta.url));
  if (!existsSync(built)) throw new Error(`${built} is missing: run pnpm build`);
  const script = fileURLToPath(new URL(`./${fixture}`, import.meta.url));
  return runNodeToExit([script], fileURLToPath(new URL('../../..', import.meta.url)), guardMs, what);
}
