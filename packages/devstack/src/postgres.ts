import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { isPortOpen, waitForPort } from "./net.ts";
import { ensurePostgresInstalled } from "./system-packages.ts";

export interface RunningService {
  url: string;
  /** False when the service was already running and is merely reused. */
  startedHere: boolean;
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user. */
export function runAs(): { user: string; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { user: userInfo().username };
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  return { user: "postgres", uid, gid };
}

/** Runs a PostgreSQL program as the cluster's owner (see runAs); throws with its output when it fails. */
export function run(bin: string, args: string[], owner: ReturnType<typeof runAs>) {
  const command = owner.uid === undefined ? bin : "runuser";
  const fullArgs = owner.uid === undefined ? args : ["-u", owner.user, "--", bin, ...args];
  const result = spawnSync(command, fullArgs, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Starts (or reuses) a PostgreSQL cluster kept in `dataDir`, listening on 127.0.0.1:`port`
 * with trust authentication for the `postgres` superuser (a local, loopback-only cluster).
 */
export async function startPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
  /** Settings tuned for throwaway test clusters (no fsync). */
  ephemeral?: boolean;
}): Promise<RunningService> {
  const log = opts.log ?? console.warn;
  const dataDir = resolve(opts.dataDir);
  const url = `postgresql://postgres@127.0.0.1:${opts.port}/postgres`;
  if (await isPortOpen(opts.port)) {
    return { url, startedHere: false, stop: async () => {} };
  }
  const bin = ensurePostgresInstalled(log);
  const owner = runAs();
  const socketDir = join(dataDir, "socket");
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`creating PostgreSQL cluster in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true });
    if (owner.uid !== undefined) chownSync(dataDir, owner.uid, owner.gid!);
    run(
      join(bin, "initdb"),
      ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
      owner,
    );
    const tuning = [
      "listen_addresses = '127.0.0.1'",
      "max_connections = 300",
      "shared_buffers = 512MB",
      "wal_compression = lz4",
      "max_wal_size = 2GB",
      opts.ephemeral ? "fsync = off\nsynchronous_commit = off\nfull_page_writes = off" : "",
    ].join("\n");
    writeFileSync(
      join(dataDir, "postgresql.auto.conf"),
      readFileSync(join(dataDir, "postgresql.auto.conf"), "utf8") + "\n" + tuning + "\n",
    );
  }
  mkdirSync(socketDir, { recursive: true });
  if (owner.uid !== undefined) chownSync(socketDir, owner.uid, owner.gid!);
  log(`starting PostgreSQL on 127.0.0.1:${opts.port}`);
  run(
    join(bin, "pg_ctl"),
    [
      "-D",
      dataDir,
      "-l",
      join(dataDir, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${opts.port} -k ${socketDir}`,
      "start",
    ],
    owner,
  );
  await waitForPort(opts.port, "127.0.0.1", 30_000, "PostgreSQL");
  return {
    url,
    startedHere: true,
    stop: async () => {
      log("stopping PostgreSQL");
      try {
        run(join(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"], owner);
      } catch (error) {
        log(`PostgreSQL stop failed: ${(error as Error).message}`);
      }
    },
  };
}
