import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, createWriteStream } from "node:fs";
import { join } from "node:path";
import { freePort } from "@industryos/devstack";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";

const webRoot = join(import.meta.dirname, "..", "..");
export const artifactsDir = join(webRoot, "..", "..", ".data", "test-artifacts", "web");

export interface WebProcess {
  url: string;
  port: number;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * Starts the real web server (`tsx server.ts`, Next in dev mode: no production build on two
 * cores) over a fresh database. Its output goes to .data/test-artifacts/web/server.log.
 */
export async function startWebProcess(extraEnv: Record<string, string> = {}): Promise<WebProcess> {
  const database = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  mkdirSync(artifactsDir, { recursive: true });
  const log = createWriteStream(join(artifactsDir, "server.log"), { flags: "a" });
  const child: ChildProcess = spawn(join(webRoot, "..", "..", "node_modules", ".bin", "tsx"), ["server.ts"], {
    cwd: webRoot,
    env: {
      ...process.env,
      NODE_ENV: "development",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "info",
      DATABASE_URL: database.ownerUrl,
      DATABASE_APP_URL: database.appUrl,
      DATABASE_SYSTEM_URL: database.systemUrl,
      WEB_PORT: String(port),
      WEB_PUBLIC_URL: url,
      NEXT_DIST_DIR: ".next-test",
      NEXT_TELEMETRY_DISABLED: "1",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: stop() ends Next's workers too
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  const deadline = Date.now() + 120_000;
  for (;;) {
    const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (child.exitCode !== null) throw new Error(`web server exited with ${child.exitCode}; see ${artifactsDir}/server.log`);
    if (Date.now() > deadline) throw new Error(`web server did not become healthy; see ${artifactsDir}/server.log`);
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    port,
    database,
    async stop() {
      if (child.exitCode === null && child.pid) {
        process.kill(-child.pid, "SIGTERM");
        const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
      await database.drop();
    },
  };
}
