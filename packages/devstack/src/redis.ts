import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { isPortOpen, waitForPort } from "./net.ts";
import type { RunningService } from "./postgres.ts";
import { ensureRedisInstalled } from "./system-packages.ts";

/** Starts (or reuses) a Redis server on 127.0.0.1:`port` whose append-only file lives in `dataDir`. */
export async function startRedis(opts: {
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
  ephemeral?: boolean;
}): Promise<RunningService> {
  const log = opts.log ?? console.warn;
  const url = `redis://127.0.0.1:${opts.port}`;
  if (await isPortOpen(opts.port)) return { url, startedHere: false, stop: async () => {} };
  const bin = ensureRedisInstalled(log);
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });
  log(`starting Redis on 127.0.0.1:${opts.port}`);
  // 64 logical databases rather than 16: each ingest test file takes one of its own.
  const args = [
    "--port",
    String(opts.port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dataDir,
    "--save",
    "",
    "--databases",
    "64",
  ];
  args.push("--appendonly", opts.ephemeral ? "no" : "yes", "--logfile", resolve(dataDir, "redis.log"));
  const child = spawn(bin, args, { stdio: "ignore", detached: true });
  child.unref();
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await waitForPort(opts.port, "127.0.0.1", 15_000, "Redis");
  return {
    url,
    startedHere: true,
    stop: async () => {
      log("stopping Redis");
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}
