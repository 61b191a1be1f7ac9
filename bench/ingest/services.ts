import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { freePort, repoRoot, startPostgres, startRedis, waitForPort } from "@industryos/devstack";
import { migrate } from "@industryos/db";
import { nodeArgsFrom, spawnApp, waitUntilHealthy } from "../shared/app-process.ts";
import { findPid } from "./proc-stats.ts";

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
  // Gone already, by an exit or by a signal (then exitCode stays null, and no 'exit' event comes again).
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
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
 * The ingest process exactly as `npm start` runs it (bench/shared/app-process.ts), healthy.
 * BENCH_INGEST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles it; BENCH_INGEST_LOG_LEVEL shows its logs.
 */
export async function startIngestProcess(env: Record<string, string>, httpPort: number): Promise<ChildProcess> {
  const child = spawnApp("ingest", env, {
    nodeArgs: nodeArgsFrom("BENCH_INGEST_NODE_ARGS"),
    stdout: process.env.BENCH_INGEST_LOG_LEVEL ? "inherit" : "ignore",
  });
  try {
    await waitUntilHealthy(child, "ingest", `http://127.0.0.1:${httpPort}/healthz`);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return child;
}

/** Passwords of the application and system roles in a benchmark's throwaway database. */
export const BENCH_ROLE_PASSWORDS = { app: "bench-app-password", system: "bench-system-password" } as const;

export interface BenchServices {
  /** The database owner's URL of the migrated database (DATABASE_URL for the apps). */
  ownerUrl: string;
  redisUrl: string;
  postgresPid: number;
  redisPid: number;
  /** The apps' database and Redis settings (add their ports). */
  appEnv: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL cluster (fsync on: real durability) with one migrated database, and a
 * Redis without persistence, under `dir`, on free loopback ports. bench/ingest/run.ts starts
 * its own (it tries PostgreSQL settings between the two steps).
 */
export async function startBenchServices(dir: string, database = "industryos_bench"): Promise<BenchServices> {
  const postgres = await startPostgres({
    dataDir: join(dir, "pg"),
    port: await freePort(),
    log: (m) => console.log(`[pg] ${m}`),
  });
  try {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`).finally(() => admin.end());
    const ownerUrl = postgres.url.replace(/\/postgres$/, `/${database}`);
    await migrate({
      ownerUrl,
      appPassword: BENCH_ROLE_PASSWORDS.app,
      systemPassword: BENCH_ROLE_PASSWORDS.system,
      telemetryRetentionDays: 365,
    });
    const redisPort = await freePort();
    const redis = await startRedis({
      dataDir: join(dir, "redis"),
      port: redisPort,
      ephemeral: true,
      log: (m) => console.log(`[redis] ${m}`),
    });
    const redisPid = findPid(["redis-server", `:${redisPort}`]) ?? findPid(["redis-server", String(redisPort)]);
    if (!redisPid) throw new Error("cannot find the Redis server's process");
    return {
      ownerUrl,
      redisUrl: redis.url,
      postgresPid: Number(readFileSync(join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]),
      redisPid,
      appEnv: {
        DATABASE_URL: ownerUrl,
        DATABASE_APP_PASSWORD: BENCH_ROLE_PASSWORDS.app,
        DATABASE_SYSTEM_PASSWORD: BENCH_ROLE_PASSWORDS.system,
        REDIS_URL: redis.url,
      },
      async stop() {
        await redis.stop().catch((e: unknown) => console.error(e));
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}
