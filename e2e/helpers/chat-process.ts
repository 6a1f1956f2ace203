// The chat example as its own process (the README's command), so a test can kill and restart it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverScript = join(dirname(fileURLToPath(import.meta.url)), '../../examples/chat/server.js');

export interface ChatProcess {
  url: string;
  port: number;
  /** SIGKILL: no goodbye to any client, as when a machine dies. */
  kill(): Promise<void>;
}

/**
 * Starts `node examples/chat/server.js` on `port` (0: any free port) with `env` added to this
 * process's (e.g. CHAT_DATA_DIR); resolves once it printed its URL.
 */
export function startChatProcess(port = 0, env: Record<string, string> = {}): Promise<ChatProcess> {
  const child: ChildProcess = spawn(process.execPath, [serverScript], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`chat server exited (${code}) before listening: ${output}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const match = /http:\/\/localhost:(\d+)/.exec(output);
      if (!match) return;
      const listening = Number(match[1]);
      resolve({ url: `http://127.0.0.1:${listening}`, port: listening, kill });
    });
  });
}

/** A fresh directory for a chat's history; `remove()` deletes it. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'rtio-chat-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
