import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { freePort, isPortOpen, repoRoot } from "@industryos/devstack";

// A first start on a machine without the Temporal CLI: its one-time build (minutes of Go) must
// not hold anything back. Here "go" is a stand-in whose build never ends: the console, ingest and
// the demo come up all the same, the workers run and wait for Temporal alone, the banner says what
// is still preparing, and Ctrl-C cancels the build.
let database: TestDatabase;
let stack: ChildProcess;
let output = "";
let scratch: string;
const ports: Record<string, number> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  scratch = mkdtempSync(join(tmpdir(), "industryos-first-start-"));
  const fakeGo = join(scratch, "go");
  writeFileSync(
    fakeGo,
    `#!/bin/sh\nif [ "$1" = version ]; then echo "go version go1.26 fake"; exit 0; fi\necho $$ > "${scratch}/go.pid"\nexec sleep 600\n`,
  );
  chmodSync(fakeGo, 0o755);
  for (const name of [
    "WEB_PORT",
    "WEB_METRICS_PORT",
    "INGEST_HTTP_PORT",
    "INGEST_METRICS_PORT",
    "MQTT_PORT",
    "MQTT_TLS_PORT",
    "MQTT_WS_PORT",
    "COAP_PORT",
    "LWM2M_PORT",
    "WORKERS_HEALTH_PORT",
    "WORKERS_METRICS_PORT",
  ]) {
    ports[name] = await freePort();
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    WEB_PUBLIC_URL: `http://localhost:${ports.WEB_PORT}`,
    DATABASE_URL: database.ownerUrl,
    LOG_LEVEL: "warn",
    NEXT_DIST_DIR: ".next-test",
    INDUSTRYOS_CACHE: join(scratch, "cache"), // no Temporal CLI built yet
    GO: fakeGo,
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.TEMPORAL_CLI_PATH;
  // As `npm start` runs it: one process (no tsx wrapper that SIGKILLs a child slow to answer a signal).
  stack = spawn(process.execPath, ["--import", "tsx", "packages/launcher/src/bin/start.ts"], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  stack.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  stack.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 400_000;
  while (!output.includes("IndustryOS is running")) {
    if (stack.exitCode !== null) throw new Error(`npm start exited (${stack.exitCode}):\n${output.slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`no banner within 400 s:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 420_000);

afterAll(async () => {
  if (stack && stack.exitCode === null) stack.kill("SIGKILL");
  await database?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("npm start while the Temporal CLI is still being built", () => {
  it("serves the console, the API and ingest, and says the workers are still preparing", async () => {
    expect(existsSync(join(scratch, "go.pid")), "the Temporal CLI build was started").toBe(true);
    expect(output).toContain("IndustryOS is running (workers still preparing)");
    expect(output).toMatch(/Preparing\s+building the Temporal CLI/);
    expect(output).toMatch(/Demo login\s+demo@industryos\.local/);
    for (const port of [ports.WEB_PORT, ports.INGEST_HTTP_PORT]) {
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status, `healthz on ${port}`).toBe(200);
    }
    const page = await fetch(`http://127.0.0.1:${ports.WEB_PORT}/login`);
    expect(page.status).toBe(200);
    // The workers run (the rule engine needs no Temporal) and wait for Temporal alone.
    const workers = await fetch(`http://127.0.0.1:${ports.WORKERS_HEALTH_PORT}/healthz`);
    expect(workers.status).toBe(503);
    expect(((await workers.json()) as { failing: string[] }).failing).toEqual(["temporal"]);
  });

  it("cancels the build and stops everything on Ctrl-C", async () => {
    const goPid = Number(readFileSync(join(scratch, "go.pid"), "utf8"));
    const exited = new Promise<number | null>((r) => stack.once("exit", (code) => r(code)));
    stack.kill("SIGINT");
    expect(await exited, output.slice(-3000)).toBe(0);
    expect(() => process.kill(goPid, 0), "the build was cancelled").toThrow();
    for (const port of [ports.WEB_PORT, ports.INGEST_HTTP_PORT, ports.MQTT_PORT, ports.WORKERS_HEALTH_PORT]) {
      expect(await isPortOpen(port!), `port ${port} closed`).toBe(false);
    }
  }, 60_000);
});
