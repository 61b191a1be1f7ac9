// Stretches when the disk under the benchmark's PostgreSQL finished nothing while requests
// waited on it: every commit (the fsync of the WAL) waits through them, whatever the process
// writing. Sampled from /proc/diskstats every 10 ms, so the watcher adds no I/O of its own. An
// fsync probe run beside the benchmark (2026-11-26) saw its own fdatasync take 316 ms at the
// moment two COPYs took 323 ms each: the disk (a virtual one here), not PostgreSQL, stalls.
import { readFileSync, statSync } from "node:fs";

export interface DiskStall {
  /** Seconds after `since`. */
  atS: number;
  ms: number;
}

/** The /proc/diskstats name of the block device holding `path` (undefined when it is not one listed there). */
function deviceOf(path: string): string | undefined {
  const dev = statSync(path).dev;
  const major = Math.floor(dev / 256) & 0xfff;
  const minor = (dev & 0xff) | (Math.floor(dev / 4096) & ~0xff);
  for (const line of readFileSync("/proc/diskstats", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (Number(f[0]) === major && Number(f[1]) === minor) return f[2];
  }
  return undefined;
}

/** Completed reads, writes and flushes, and the requests in flight, of one device. */
function sample(device: string): { completed: number; inFlight: number } | undefined {
  for (const line of readFileSync("/proc/diskstats", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f[2] !== device) continue;
    // Fields after the name: 1 reads completed, 5 writes completed, 9 in flight, 15 flushes completed.
    return { completed: Number(f[3]) + Number(f[7]) + Number(f[17] ?? 0), inFlight: Number(f[11]) };
  }
  return undefined;
}

/**
 * Watches the device holding `path` until stop(), which returns each stretch of at least `minMs`
 * with requests in flight and none completed (or undefined when the device cannot be watched).
 */
export function watchDiskStalls(
  path: string,
  minMs = 100,
): { device?: string; stop(since: number): DiskStall[] | undefined } {
  const device = deviceOf(path);
  const first = device === undefined ? undefined : sample(device);
  if (!device || !first) return { stop: () => undefined };
  const stalls: { at: number; ms: number }[] = [];
  let last = first;
  let progressAt = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const current = sample(device)!;
    if (current.completed !== last.completed || current.inFlight === 0) {
      const waited = now - progressAt;
      if (waited >= minMs) stalls.push({ at: Date.now() - waited, ms: Math.round(waited) });
      progressAt = now;
    }
    last = current;
  }, 10);
  return {
    device,
    stop(since: number) {
      clearInterval(timer);
      const waited = performance.now() - progressAt;
      if (waited >= minMs && last.inFlight > 0) stalls.push({ at: Date.now() - waited, ms: Math.round(waited) });
      return stalls.map((s) => ({ atS: Number(((s.at - since) / 1000).toFixed(1)), ms: s.ms }));
    },
  };
}
