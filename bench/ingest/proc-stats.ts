import { readFileSync } from "node:fs";

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

/**
 * CPU use of a process over a measurement window, as a fraction of one core: pass `onWindow`
 * to the load runner, read `cores()` after it returns.
 */
export function cpuOverWindow(pid: number) {
  let cpuAtStart = 0;
  let startedAt = 0;
  let cores = 0;
  return {
    onWindow(edge: "start" | "end") {
      if (edge === "start") {
        cpuAtStart = cpuSeconds(pid);
        startedAt = performance.now();
      } else cores = (cpuSeconds(pid) - cpuAtStart) / ((performance.now() - startedAt) / 1000);
    },
    cores: () => cores,
  };
}
