import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { freePort, isPortOpen, repoRoot, startTemporalDevServer, type TemporalDevServer } from "@industryos/devstack";

// The README's first command, end to end: `npm start` brings up web, ingest and workers,
// every health endpoint answers 200, the console and the MQTT port answer, and Ctrl-C
// stops everything it started.
let database: TestDatabase;
let temporal: TemporalDevServer;
let stack: ChildProcess;
let output = "";
const ports: Record<string, number> = {};

function waitForOutput(text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`"${text}" not printed within ${timeoutMs} ms:\n${output.slice(-4000)}`)),
      timeoutMs,
    );
    const check = () => {
      if (output.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    stack.stdout?.on("data", check);
    stack.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before printing "${text}":\n${output.slice(-4000)}`));
    });
    check();
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  temporal = await startTemporalDevServer({ port: await freePort(), log: () => {} });
  for (const name of [
    "WEB_PORT",
    "INGEST_HTTP_PORT",
    "INGEST_METRICS_PORT",
    "MQTT_PORT",
    "MQTT_TLS_PORT",
    "MQTT_WS_PORT",
    "COAP_PORT",
    "WORKERS_HEALTH_PORT",
  ]) {
    ports[name] = await freePort();
  }
  stack = spawn("node_modules/.bin/tsx", ["packages/launcher/src/bin/start.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      WEB_PUBLIC_URL: `http://localhost:${ports.WEB_PORT}`,
      DATABASE_URL: database.ownerUrl,
      TEMPORAL_ADDRESS: temporal.address,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  stack.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  stack.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForOutput("IndustryOS is running", 300_000);
}, 420_000);

afterAll(async () => {
  if (stack && stack.exitCode === null) stack.kill("SIGKILL");
  await temporal?.stop();
  await database?.drop();
});

describe("npm start", () => {
  it("prints the URLs and the demo login", () => {
    expect(output).toContain(`http://localhost:${ports.WEB_PORT}`);
    expect(output).toMatch(/Demo login\s+demo@industryos\.local \/ \S+/);
  });

  it("answers 200 on every health endpoint", async () => {
    for (const port of [ports.WEB_PORT, ports.INGEST_HTTP_PORT, ports.WORKERS_HEALTH_PORT]) {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status, `healthz on ${port}`).toBe(200);
    }
  });

  it("serves the console page and accepts TCP connections on the MQTT port", async () => {
    const page = await fetch(`http://127.0.0.1:${ports.WEB_PORT}/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("IndustryOS");
    expect(await isPortOpen(ports.MQTT_PORT!)).toBe(true);
  }, 180_000);

  it("stops everything it started on Ctrl-C", async () => {
    const exited = new Promise<number | null>((r) => stack.once("exit", (code) => r(code)));
    stack.kill("SIGINT");
    expect(await exited).toBe(0);
    for (const port of [ports.WEB_PORT, ports.INGEST_HTTP_PORT, ports.WORKERS_HEALTH_PORT, ports.MQTT_PORT]) {
      expect(await isPortOpen(port!), `port ${port} closed`).toBe(false);
    }
  }, 60_000);
});
