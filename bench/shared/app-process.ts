import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@industryos/devstack";
import { generateSecretKey } from "@industryos/runtime";

/** The apps a benchmark runs as real processes. */
export type BenchApp = "ingest" | "workers";

export interface SpawnAppOptions {
  /** Node flags before the start script's own (`--cpu-prof --cpu-prof-dir=...`). */
  nodeArgs?: string[];
  /** Where the app's stdout goes (its logs); stderr is always shown. */
  stdout?: "ignore" | "inherit";
}

/**
 * An app exactly as `npm start` runs it: its package's start script (`node <flags> --import tsx
 * src/main.ts`), spawned directly so /proc shows the node process's own CPU and memory rather
 * than npm's.
 */
export function spawnApp(app: BenchApp, env: Record<string, string>, options: SpawnAppOptions = {}): ChildProcess {
  const appDir = join(repoRoot, "apps", app);
  const script = (JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")) as { scripts: { start: string } })
    .scripts.start;
  const [command, ...scriptArgs] = script.split(/\s+/);
  if (command !== "node") throw new Error(`expected apps/${app}'s start script to run node, found: ${script}`);
  return spawn(process.execPath, [...(options.nodeArgs ?? []), ...scriptArgs], {
    cwd: appDir,
    // The workers refuse to start without the key that opens tenants' secrets: a throwaway one unless given.
    env: { SECRETS_KEY: generateSecretKey(), ...process.env, ...env },
    stdio: ["ignore", options.stdout ?? "ignore", "inherit"],
  });
}

/** Node flags from an environment variable such as BENCH_WORKERS_NODE_ARGS ("--cpu-prof --cpu-prof-dir=/tmp/prof"). */
export const nodeArgsFrom = (variable: string) => (process.env[variable] ?? "").split(" ").filter(Boolean);

/**
 * Waits until `url` answers as `ready` accepts (default: 200). Throws when the process exits
 * first or `timeoutMs` passes; the caller stops it.
 */
export async function waitUntilHealthy(
  child: ChildProcess,
  name: string,
  url: string,
  ready: (status: number, body: string) => boolean = (status) => status === 200,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    const healthy = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      async (r) => ready(r.status, await r.text()),
      () => false,
    );
    if (healthy) return;
    if (Date.now() > deadline) throw new Error(`${name} did not become healthy within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The workers' /healthz without a Temporal server (benchmarks run the rule engine only, as
 * apps/web's test stack does): ready once PostgreSQL and Redis answer, i.e. 200, or 503 naming
 * only temporal as failing.
 */
export function workersReadyWithoutTemporal(status: number, body: string): boolean {
  if (status === 200) return true;
  try {
    const report = JSON.parse(body) as { failing?: string[] };
    return status === 503 && Array.isArray(report.failing) && report.failing.every((n) => n === "temporal");
  } catch {
    return false;
  }
}
