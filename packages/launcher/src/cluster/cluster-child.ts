import { spawn, type ChildProcess } from "node:child_process";
import { freePort, repoRoot } from "@industryos/devstack";
import type { TierCounts } from "./cluster-plan.ts";

export interface ClusterChild {
  process: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Each node's ports by name (`ingest-1` → {MQTT_PORT, INGEST_HTTP_PORT, …}), from the banner. */
  nodePorts: Record<string, Record<string, number>>;
  /** Ctrl-C, then SIGKILL if it has not exited within `graceMs`; resolves with its exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * `npm run cluster` as a child process (tests and benchmarks): started with `env` over this
 * process's environment, resolved once its banner says it is running.
 */
export async function startClusterChild(
  env: NodeJS.ProcessEnv,
  counts?: Partial<TierCounts>,
  timeoutMs = 400_000,
): Promise<ClusterChild> {
  const args = ["--import", "tsx", "packages/launcher/src/bin/start.ts", "--cluster"];
  for (const [tier, count] of Object.entries(counts ?? {})) args.push(`--${tier}`, String(count));
  // As `npm run cluster` runs it: one process (no tsx wrapper that SIGKILLs a child slow to answer a signal).
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the cluster did not start within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const check = () => {
      if (!output.includes("IndustryOS is running")) return;
      clearTimeout(timer);
      child.stdout.off("data", check);
      resolve();
    };
    child.stdout.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm run cluster exited (${code}) before it ran:\n${output.slice(-4000)}`));
    });
  });
  // The banner is printed in one write: its node lines are all there.
  await new Promise((r) => setTimeout(r, 100));

  const nodePorts: ClusterChild["nodePorts"] = {};
  for (const match of output.matchAll(/^\s+((?:web|ingest|workers)-\d+)\s+((?:[A-Z0-9_]+=\d+ ?)+)$/gm)) {
    nodePorts[match[1]!] = Object.fromEntries(
      match[2]!
        .trim()
        .split(" ")
        .map((pair) => pair.split("="))
        .map(([name, value]) => [name!, Number(value)]),
    );
  }
  return {
    process: child,
    output: () => output,
    nodePorts,
    stop: async (graceMs = 30_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * Free ports for every public port the cluster listens on (HAProxy's and ingest-1's UDP ones), as
 * environment variables with the matching WEB_PUBLIC_URL: a cluster beside anything else running.
 */
export async function freePublicPorts(): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of PUBLIC_PORTS) env[name] = String(await freePort());
  env.WEB_PUBLIC_URL = `http://localhost:${env.WEB_PORT}`;
  return env;
}

const PUBLIC_PORTS = [
  "WEB_PORT",
  "MQTT_PORT",
  "MQTT_WS_PORT",
  "MQTT_TLS_PORT",
  "INGEST_HTTP_PORT",
  "COAP_PORT",
  "LWM2M_PORT",
] as const;
