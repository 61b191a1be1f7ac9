import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { freePort, isPortOpen, repoRoot, startTemporalDevServer, type TemporalDevServer } from "@industryos/devstack";
import { pidListeningOn, tcpListeners } from "./support/proc-net.ts";

// The README's first command, end to end: `npm start` brings up web, ingest and workers in
// production mode, every health endpoint answers 200, the console and the MQTT port answer,
// metrics answer on loopback only, a process killed with SIGKILL comes back while the others
// keep serving, and Ctrl-C stops everything it started.
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
    "WEB_METRICS_PORT",
    "WORKERS_METRICS_PORT",
    "MQTT_PORT",
    "MQTT_TLS_PORT",
    "MQTT_WS_PORT",
    "COAP_PORT",
    "LWM2M_PORT",
    "WORKERS_HEALTH_PORT",
  ]) {
    ports[name] = await freePort();
  }
  // As `npm start` runs it: one process (no tsx wrapper that SIGKILLs a child slow to answer a signal).
  stack = spawn(process.execPath, ["--import", "tsx", "packages/launcher/src/bin/start.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      WEB_PUBLIC_URL: `http://localhost:${ports.WEB_PORT}`,
      DATABASE_URL: database.ownerUrl,
      TEMPORAL_ADDRESS: temporal.address,
      LOG_LEVEL: "warn",
      // The web tests' build folder: one production build serves both suites.
      NEXT_DIST_DIR: ".next-test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  stack.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  stack.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitForOutput("IndustryOS is running", 400_000);
}, 420_000);

afterAll(async () => {
  if (stack && stack.exitCode === null) stack.kill("SIGKILL");
  await temporal?.stop();
  await database?.drop();
});

describe("npm start", () => {
  it("prints the URLs, the demo login and that webhooks may reach private networks", () => {
    expect(output).toContain(`http://localhost:${ports.WEB_PORT}`);
    expect(output).toMatch(/Demo login\s+demo@industryos\.local \/ \S+/);
    if (process.env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS === undefined)
      expect(output).toMatch(/Webhooks\s+may reach private and loopback addresses/);
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

  it("runs the production build: development endpoints answer 404", async () => {
    expect(output).toContain("production mode");
    const file = encodeURIComponent(`${repoRoot}apps/web/app/layout.tsx`);
    for (const path of [`/__nextjs_source-map?filename=${file}`, `/__nextjs_launch-editor?file=${file}`]) {
      const res = await fetch(`http://127.0.0.1:${ports.WEB_PORT}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain(repoRoot);
    }
  });

  it("serves /metrics of ingest, web and workers on loopback only", async () => {
    const expected = {
      INGEST_METRICS_PORT: "industryos_ingest_messages_committed_total",
      WEB_METRICS_PORT: "industryos_web_http_requests_total",
      WORKERS_METRICS_PORT: "industryos_workers_temporal_worker_running 1",
    };
    for (const [name, metric] of Object.entries(expected)) {
      const res = await fetch(`http://127.0.0.1:${ports[name]}/metrics`);
      expect(res.status, name).toBe(200);
      expect(await res.text(), name).toContain(metric);
      expect(
        tcpListeners(ports[name]!).map((l) => l.address),
        name,
      ).toEqual(["127.0.0.1"]);
    }
  });

  it("restarts ingest after kill -9 while web keeps answering", async () => {
    const ingestPid = pidListeningOn(ports.INGEST_HTTP_PORT!);
    expect(ingestPid, "the ingest process").toBeDefined();
    process.kill(ingestPid!, "SIGKILL");

    const webStatuses: number[] = [];
    const deadline = Date.now() + 90_000;
    let ingestBack = false;
    while (!ingestBack && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      webStatuses.push(
        await fetch(`http://127.0.0.1:${ports.WEB_PORT}/healthz`).then(
          (r) => r.status,
          () => 0,
        ),
      );
      const ingest = await fetch(`http://127.0.0.1:${ports.INGEST_HTTP_PORT}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      ingestBack = ingest === 200 && pidListeningOn(ports.INGEST_HTTP_PORT!) !== ingestPid;
    }
    expect(ingestBack, `ingest back within 90 s:\n${output.slice(-3000)}`).toBe(true);
    expect(webStatuses.length).toBeGreaterThan(1);
    expect(
      webStatuses.every((s) => s === 200),
      `web /healthz meanwhile: ${webStatuses.join(",")}`,
    ).toBe(true);
    expect(output).toMatch(/ingest exited \((SIGKILL|code \d+)\) after .*; restart 1 in/);
    expect(await isPortOpen(ports.MQTT_PORT!)).toBe(true);
    const workers = await fetch(`http://127.0.0.1:${ports.WORKERS_HEALTH_PORT}/healthz`);
    expect(workers.status).toBe(200);
    expect(stack.exitCode).toBeNull();
  }, 120_000);

  it("stops everything it started on Ctrl-C", async () => {
    const exited = new Promise<number | null>((r) => stack.once("exit", (code) => r(code)));
    stack.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("restarted while running: ingest 1×");
    for (const port of Object.values(ports)) {
      expect(await isPortOpen(port!), `port ${port} closed`).toBe(false);
    }
  }, 60_000);
});
