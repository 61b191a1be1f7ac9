import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** The fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The pids of running processes that `test` accepts; a process gone between listing and reading is skipped. */
function pidsWhere(test: (pid: number) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (test(Number(entry))) pids.push(Number(entry));
    } catch {
      // gone between readdir and read
    }
  }
  return pids;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU seconds of the children a process has reaped (PostgreSQL's backends that exited). */
function reapedChildrenCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
}

/** Sums `measure` over a process and its running children (PostgreSQL's backends, ingest's workers). */
function overTree(rootPid: number, measure: (pid: number) => number): number {
  let total = measure(rootPid);
  for (const pid of pidsWhere((p) => Number(statFields(p)[1]) === rootPid)) {
    try {
      total += measure(pid);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU seconds of a process and its children, those that exited and were reaped included (a pool closing idle connections must not make PostgreSQL's CPU go down). */
export const cpuSecondsOfTree = (rootPid: number) => overTree(rootPid, cpuSeconds) + reapedChildrenCpuSeconds(rootPid);

/** Resident memory of a process and its children (pages they share are counted once per process). */
export const rssBytesOfTree = (rootPid: number) => overTree(rootPid, rssBytes);

/**
 * Pins a process, every thread of it and every running descendant to the cores `cpus` names
 * (taskset's list, e.g. "0" or "0-2"); what they fork later inherits it.
 */
export function pinTree(rootPid: number, cpus: string) {
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    const parent = tree[i]!;
    tree.push(...pidsWhere((p) => Number(statFields(p)[1]) === parent));
  }
  for (const pid of tree) {
    try {
      execFileSync("taskset", ["-a", "-p", "-c", cpus, String(pid)], { stdio: "ignore" });
    } catch {
      // gone meanwhile
    }
  }
}

/** The pid of the process whose command line contains every one of `parts` (e.g. a Redis server by its port). */
export function findPid(parts: string[]): number | undefined {
  return pidsWhere((pid) => {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    return parts.every((part) => cmdline.includes(part));
  })[0];
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : NaN;
}

/**
 * CPU use over a measurement window, as a fraction of one core (of a process, or whatever
 * `read` returns in CPU seconds): pass `onWindow` to the load runner, read `cores()` after it returns.
 */
export function cpuOverWindow(pid: number, read: () => number = () => cpuSeconds(pid)) {
  let cpuAtStart = 0;
  let startedAt = 0;
  let cores = 0;
  return {
    onWindow(edge: "start" | "end") {
      if (edge === "start") {
        cpuAtStart = read();
        startedAt = performance.now();
      } else cores = (read() - cpuAtStart) / ((performance.now() - startedAt) / 1000);
    },
    cores: () => cores,
  };
}

/**
 * Waits until the processes (trees) together use less than `maxCores` of CPU over a second, or
 * `timeoutS` passed; returns the seconds waited. Before a Mosquitto round, so PostgreSQL's
 * autovacuum after ingest's round does not take Mosquitto's CPU.
 */
export async function waitUntilQuiet(rootPids: number[], maxCores = 0.05, timeoutS = 60): Promise<number> {
  const started = performance.now();
  const total = () => rootPids.reduce((sum, pid) => sum + cpuSecondsOfTree(pid), 0);
  for (;;) {
    const before = total();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const waited = (performance.now() - started) / 1000;
    if (total() - before < maxCores || waited >= timeoutS) return Math.round(waited);
  }
}
