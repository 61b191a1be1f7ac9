import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, waitForPort } from "@industryos/devstack";

/** Where benchmarks keep their reports (and, below it, each run's throwaway services). */
export const benchWorkDir = join(repoRoot, ".data", "bench");

/** A fresh directory under benchWorkDir for one run's throwaway services. */
export function benchRunDir(prefix: string): string {
  mkdirSync(benchWorkDir, { recursive: true });
  const dir = mkdtempSync(join(benchWorkDir, `${prefix}-`));
  // PostgreSQL runs as its own user when we are root: it must be able to reach its data directory.
  chmodSync(dir, 0o755);
  return dir;
}

/** Debian's mosquitto, installed on first use when running as root (the ceiling: it persists nothing). */
export function ensureMosquitto(): string {
  const bin = "/usr/sbin/mosquitto";
  if (existsSync(bin)) return bin;
  if (process.getuid?.() !== 0)
    throw new Error("mosquitto is not installed; run `apt-get install -y mosquitto` as root");
  console.log("installing mosquitto (apt-get)...");
  execFileSync("apt-get", ["install", "-y", "-q", "mosquitto"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return bin;
}

export async function startMosquitto(dir: string, port: number): Promise<{ stop(): Promise<void> }> {
  const bin = ensureMosquitto();
  const config = join(dir, "mosquitto.conf");
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      "persistence false",
      "max_inflight_messages 0",
      "max_queued_messages 100000",
      "log_type error",
      "",
    ].join("\n"),
  );
  const child = spawn(bin, ["-c", config], { stdio: "ignore" });
  await waitForPort(port, "127.0.0.1", 10_000, "mosquitto");
  return { stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * The ingest process exactly as `npm start` runs it: its package's start script
 * (`node <flags> --import tsx src/main.ts`), spawned directly so /proc shows the node process's
 * own CPU and memory rather than npm's.
 */
export async function startIngestProcess(
  repoRoot: string,
  env: Record<string, string>,
  httpPort: number,
): Promise<ChildProcess> {
  const appDir = join(repoRoot, "apps", "ingest");
  const script = (JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")) as { scripts: { start: string } })
    .scripts.start;
  const [command, ...scriptArgs] = script.split(/\s+/);
  if (command !== "node") throw new Error(`expected apps/ingest's start script to run node, found: ${script}`);
  // BENCH_INGEST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the ingest process.
  const extraArgs = (process.env.BENCH_INGEST_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...extraArgs, ...scriptArgs], {
    cwd: appDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", process.env.BENCH_INGEST_LOG_LEVEL ? "inherit" : "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ingest exited with code ${child.exitCode}`);
    const healthy = await fetch(`http://127.0.0.1:${httpPort}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) return child;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error("ingest did not become healthy within 60 s");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
