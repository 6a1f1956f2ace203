// CPU time a process has used so far, read from /proc (all of its threads: main, libuv pool, GC).
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * Nanoseconds of CPU time process `pid` has used. Sums each thread's schedstat (nanosecond
 * resolution); falls back to utime+stime from /proc/<pid>/stat (10 ms resolution).
 */
export function cpuNanos(pid) {
  let total = 0;
  let threads = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
        threads++;
      } catch {
        // a thread that ended between the listing and the read
      }
    }
  } catch {
    threads = 0;
  }
  if (threads > 0 && total > 0) return total;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e9) / TICKS_PER_SECOND;
}

/** Starts a window; `stop()` returns the CPU microseconds `pid` used since. */
export function cpuWindow(pid) {
  const start = cpuNanos(pid);
  const startedAt = performance.now();
  return {
    stop() {
      return { cpuMicros: (cpuNanos(pid) - start) / 1000, elapsedMs: performance.now() - startedAt };
    },
  };
}
