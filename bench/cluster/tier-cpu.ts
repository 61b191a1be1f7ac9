import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@industryos/devstack";
import { cpuSeconds } from "../ingest/proc-stats.ts";

export type TierApp = "web" | "ingest" | "workers";
const APPS: TierApp[] = ["web", "ingest", "workers"];

/** The node processes of each tier under `rootPid` (the cluster's launcher): descendants running in apps/<app>. */
function tierPids(rootPid: number): Record<TierApp, number[]> {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const under = (pid: number) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === rootPid) return true;
    return false;
  };
  const result: Record<TierApp, number[]> = { web: [], ingest: [], workers: [] };
  for (const pid of parent.keys()) {
    if (!under(pid)) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "";
      if (!command.endsWith("node")) continue; // npm and sh wrap each node process
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const app = APPS.find((a) => cwd === join(repoRoot, "apps", a));
      if (app) result[app].push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return result;
}

/** CPU of each tier (all its nodes) over a window, in cores (1 = one core busy throughout). */
export function tierCpuOverWindow(rootPid: number) {
  const pids = tierPids(rootPid);
  const read = () =>
    Object.fromEntries(
      APPS.map((app) => [app, pids[app].reduce((sum, pid) => sum + (safeCpuSeconds(pid) ?? 0), 0)]),
    ) as Record<TierApp, number>;
  let start = read();
  let startedAt = performance.now();
  let cores: Record<TierApp, number> = { web: 0, ingest: 0, workers: 0 };
  return {
    nodes: Object.fromEntries(APPS.map((app) => [app, pids[app].length])) as Record<TierApp, number>,
    onWindow(edge: "start" | "end") {
      if (edge === "start") {
        start = read();
        startedAt = performance.now();
        return;
      }
      const end = read();
      const seconds = (performance.now() - startedAt) / 1000;
      cores = Object.fromEntries(APPS.map((app) => [app, (end[app] - start[app]) / seconds])) as Record<
        TierApp,
        number
      >;
    },
    cores: () => cores,
  };
}

function safeCpuSeconds(pid: number): number | undefined {
  try {
    return cpuSeconds(pid);
  } catch {
    return undefined;
  }
}
