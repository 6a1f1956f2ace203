// `pnpm bench`: rtio, Socket.IO 4.8 and a raw ws server, side by side, on every workload.
// Usage: node bench/run.js [--smoke] [--reps N] [--only id,id] [--servers rtio,socketio,raw-ws]
//                          [--cpu-prof DIR]
// Each measurement gets a fresh server process and a fresh load process; servers take turns
// (rotating order each repetition) so drift on a shared machine falls on all of them alike.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureBundles } from '../scripts/bundle-size.mjs';
import { BUNDLE_BUDGET_BYTES, SERVERS, WORKLOADS } from './config.js';
import { nextMessage, startLoad, startServer, stop } from './lib/processes.js';
import { median } from './lib/stats.js';
import { cell, ratio, renderTable } from './lib/table.js';

const benchDir = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    reps: { type: 'string' },
    only: { type: 'string' },
    servers: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const mode = args.smoke ? 'smoke' : 'full';
const reps = Number(args.reps ?? (args.smoke ? 1 : 5));
const workloads = args.only ? WORKLOADS.filter((w) => args.only.split(',').includes(w.id)) : WORKLOADS;
const servers = args.servers ? SERVERS.filter((s) => args.servers.split(',').includes(s.id)) : SERVERS;
const runTimeoutMs = args.smoke ? 30000 : 180000;

/** One workload against one server: fresh processes, the load's result back. */
async function measure(workload, server) {
  const started = await startServer(server, { cpuProfileDir: args['cpu-prof'] });
  const load = startLoad();
  const relayMemory = async (message) => {
    if (message.type !== 'memory') return;
    started.child.send({ type: 'memory' });
    load.send(await nextMessage(started.child, 'memory', 30000));
  };
  load.on('message', relayMemory);
  try {
    const target = { port: started.port, path: started.path, pid: started.child.pid };
    load.send({ type: 'run', kind: workload.kind, params: workload[mode], target });
    return (await nextMessage(load, 'result', runTimeoutMs)).result;
  } finally {
    await stop(load);
    await stop(started.child);
  }
}

/** The figures of a workload's results: [label, pick(result), isPrimary]. */
function figuresOf(workload) {
  const cpu = [`CPU µs / ${workload.unit}`, (r) => r.cpuPerOp, true];
  const rate = [`${workload.units ?? `${workload.unit}s`} / s`, (r) => r.opsPerSec];
  switch (workload.kind) {
    case 'idleMemory':
      return [['heap bytes / connection', (r) => r.heapPerConnection, true], ['RSS bytes / connection', (r) => r.rssPerConnection]];
    case 'broadcast':
      return [cpu, rate, ['burst time p50 ms', (r) => r.p50Ms]];
    default:
      return [cpu, rate, ['latency p50 ms', (r) => r.p50Ms], ['latency p99 ms', (r) => r.p99Ms]];
  }
}

function verdict(workload, label, rtio, socketio, isPrimary) {
  if (isPrimary) {
    const value = ratio(rtio, socketio);
    if (!Number.isFinite(value)) return '';
    return value <= workload.target ? `met (≤ ${workload.target}×)` : `MISSED (target ≤ ${workload.target}×)`;
  }
  if (workload.kind === 'echo' && label.includes('p99') && rtio?.length && socketio?.length) {
    return median(rtio) <= median(socketio) ? 'met (no worse)' : 'MISSED (target: no worse)';
  }
  return '';
}

async function main() {
  const results = {}; // workload id → server id → result[]
  const failures = [];
  for (const workload of workloads) {
    results[workload.id] = Object.fromEntries(servers.map((server) => [server.id, []]));
    for (let rep = 0; rep < reps; rep++) {
      const order = servers.map((_, i) => servers[(i + rep) % servers.length]);
      for (const server of order) {
        process.stdout.write(`${workload.id} · ${server.id} · rep ${rep + 1}/${reps} … `);
        try {
          const result = await measure(workload, server);
          const [, pick] = figuresOf(workload)[0];
          if (!(result.ops > 0) || !Number.isFinite(pick(result))) throw new Error(`no usable figure: ${JSON.stringify(result)}`);
          results[workload.id][server.id].push(result);
          console.log(`${pick(result).toFixed(2)}`);
        } catch (error) {
          failures.push(`${workload.id} on ${server.id}: ${error.message}`);
          console.log(`FAILED: ${error.message}`);
        }
      }
    }
  }

  const headers = ['workload', 'figure', ...servers.map((s) => s.title)];
  const hasRtio = servers.some((s) => s.id === 'rtio');
  const others = servers.filter((s) => s.id !== 'rtio');
  if (hasRtio) headers.push(...others.map((s) => `rtio / ${s.title}`), 'target');
  const rows = [];
  for (const workload of workloads) {
    for (const [label, pick, isPrimary] of figuresOf(workload)) {
      const values = Object.fromEntries(servers.map((s) => [s.id, results[workload.id][s.id].map(pick)]));
      rows.push({
        workload: workload.title,
        figure: label,
        cells: servers.map((s) => cell(values[s.id])),
        ratios: hasRtio ? others.map((s) => ratio(values.rtio, values[s.id])) : [],
        verdict: hasRtio && values.socketio && !args.smoke ? verdict(workload, label, values.rtio, values.socketio, isPrimary) : undefined,
      });
    }
  }
  const bundles = measureBundles();
  if (hasRtio) {
    rows.push({
      workload: 'browser bundle',
      figure: 'min+gzip bytes',
      cells: servers.map((s) => (s.id === 'rtio' ? String(bundles.ours) : s.id === 'socketio' ? String(bundles.theirs) : '—')),
      ratios: others.map((s) => (s.id === 'socketio' ? bundles.ours / bundles.theirs : NaN)),
      verdict: bundles.ours <= BUNDLE_BUDGET_BYTES ? `met (≤ ${BUNDLE_BUDGET_BYTES})` : `MISSED (≤ ${BUNDLE_BUDGET_BYTES})`,
    });
  }

  const machine = { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg: loadavg() };
  console.log(`\n${mode} run, ${reps} rep(s); medians [min–max]; ${machine.cores} × ${machine.cpu}, Node ${machine.node}`);
  if (args.smoke) console.log('(smoke: tiny sizes that check the harness works; the figures mean nothing)');
  console.log('');
  console.log(renderTable(headers, rows));
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mode}.json`);
  writeFileSync(file, JSON.stringify({ mode, reps, machine, workloads, bundles, results, failures }, null, 2));
  console.log(`\nraw results: ${file}`);
  if (failures.length > 0) {
    console.error(`\n${failures.length} measurement(s) failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}

await main();
