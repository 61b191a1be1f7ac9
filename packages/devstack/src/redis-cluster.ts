import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { freePort, waitForPort } from "./net.ts";
import { ensureRedisInstalled } from "./system-packages.ts";

const exec = promisify(execFile);

export interface RunningRedisCluster {
  /** `host:port` of every master (REDIS_CLUSTER_NODES). */
  nodes: string[];
  /** A URL for credentials and TLS beside the nodes (REDIS_URL); none here. */
  url: string;
  stop(): Promise<void>;
}

async function clusterState(port: number): Promise<string> {
  const { stdout } = await exec("redis-cli", ["-p", String(port), "cluster", "info"]);
  return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? "unknown";
}

/**
 * A Redis Cluster of `masters` servers on free loopback ports (client and cluster-bus ports both
 * free, so it never meets the test Redis, the dev one, or another test's cluster), without
 * replicas or persistence, its files in `dataDir`; made with `redis-cli --cluster create`.
 * Resolves once every node reports the cluster ok (all 16384 slots served).
 */
export async function startRedisCluster(opts: {
  dataDir: string;
  masters?: number;
  log?: (msg: string) => void;
}): Promise<RunningRedisCluster> {
  const log = opts.log ?? console.warn;
  const bin = ensureRedisInstalled(log);
  const dataDir = resolve(opts.dataDir);
  const children: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
            child.once("exit", () => {
              clearTimeout(timer);
              done();
            });
            child.kill("SIGTERM");
          }),
      ),
    );
  };
  try {
    for (let i = 0; i < (opts.masters ?? 3); i++) {
      const port = await freePort();
      let busPort = await freePort();
      while (busPort === port || ports.includes(busPort)) busPort = await freePort();
      const dir = resolve(dataDir, String(port));
      mkdirSync(dir, { recursive: true });
      // Each server's own cluster state file; --save "" and no AOF: a test's cluster holds nothing worth keeping.
      const child = spawn(
        bin,
        [
          "--port",
          String(port),
          "--cluster-port",
          String(busPort),
          "--bind",
          "127.0.0.1",
          "--dir",
          dir,
          "--cluster-enabled",
          "yes",
          "--cluster-config-file",
          resolve(dir, "nodes.conf"),
          "--cluster-node-timeout",
          "5000",
          "--save",
          "",
          "--appendonly",
          "no",
          "--logfile",
          resolve(dir, "redis.log"),
        ],
        { stdio: "ignore" },
      );
      children.push(child);
      ports.push(port);
    }
    await Promise.all(ports.map((port) => waitForPort(port, "127.0.0.1", 15_000, "Redis Cluster node")));
    const nodes = ports.map((port) => `127.0.0.1:${port}`);
    log(`creating a Redis Cluster of ${nodes.join(", ")}`);
    await exec("redis-cli", ["--cluster", "create", ...nodes, "--cluster-replicas", "0", "--cluster-yes"]);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const states = await Promise.all(ports.map(clusterState));
      if (states.every((state) => state === "ok")) break;
      if (Date.now() > deadline) throw new Error(`Redis Cluster not ok after 30 s: ${states.join(", ")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { nodes, url: `redis://127.0.0.1:${ports[0]}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
