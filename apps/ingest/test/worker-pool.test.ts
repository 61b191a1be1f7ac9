import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { pushSharedAttributes } from "@industryos/device-bus";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { createDevice, createTenant, createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { freePort } from "@industryos/devstack";
import { connectMqtt, nextMessage, pushUntil, scrapeMetric, waitFor } from "./harness.ts";

// The ingest process as `npm start` runs it, with INGEST_WORKERS=2: a supervisor and two worker
// processes sharing the listening ports.
const appDir = fileURLToPath(new URL("..", import.meta.url));
const REDIS_DB = 16;

let database: TestDatabase;
let db: DatabaseClients;
let redis: Redis;
let tenantId: string;

function startIngestProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: appDir,
    env: {
      ...process.env,
      DATABASE_URL: database.ownerUrl,
      DATABASE_APP_URL: database.appUrl,
      DATABASE_SYSTEM_URL: database.systemUrl,
      REDIS_URL: `${process.env.REDIS_URL}/${REDIS_DB}`,
      INGEST_HOST: "127.0.0.1",
      INGEST_WORKERS: "2",
      DEMO_SIMULATOR: "false",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code)),
  );

/** The pids of a process's ingest workers (not tsx's esbuild service), from /proc. */
function workersOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return parent === pid && readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("src/main.ts");
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

/** How many established TCP connections on `port` the process holds. */
function connectionsOn(pid: number, port: number): number {
  const established = new Set(
    readFileSync("/proc/net/tcp", "utf8")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f.length > 9 && parseInt(f[1]!.split(":")[1]!, 16) === port && f[3] === "01")
      .map((f) => f[9]!),
  );
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode && established.has(inode)) count++;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}

async function healthy(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
  redis = new Redis(`${process.env.REDIS_URL}/${REDIS_DB}`);
  await redis.flushdb();
  tenantId = (await createTenant(db.system)).id;
});
afterAll(async () => {
  redis?.disconnect();
  await db?.close();
  await database?.drop();
});

describe("ingest with INGEST_WORKERS=2", () => {
  let child: ChildProcess;
  let mqttPort: number;
  let httpPort: number;
  let metricsPort: number;

  beforeAll(async () => {
    [httpPort, mqttPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
    child = startIngestProcess({
      INGEST_HTTP_PORT: String(httpPort),
      INGEST_METRICS_PORT: String(metricsPort),
      MQTT_PORT: String(mqttPort),
      MQTT_WS_PORT: String(await freePort()),
      COAP_PORT: String(await freePort()),
      LWM2M_PORT: "0",
    });
    await waitFor(() => healthy(httpPort), 60_000);
    // /healthz answers once one worker listens; the supervisor's scrape only once every worker
    // has started (prom-client waits for each one's answer), so both take connections from here.
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
    );
  }, 90_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGKILL");
      for (const pid of workersOf(child.pid!)) process.kill(pid, "SIGKILL");
    }
  });

  it("spreads devices over both workers; every acknowledged message is stored and every device gets its downlinks", async () => {
    const workers = workersOf(child.pid!);
    expect(workers).toHaveLength(2);
    const devices = [];
    for (let i = 0; i < 6; i++) devices.push(await createDevice(db.system, { tenantId, name: `worker-pool-${i}` }));
    const clients = await Promise.all(devices.map((d) => connectMqtt(mqttPort, { username: d.accessToken })));
    // node:cluster hands connections out in turn: each worker holds some of them.
    for (const pid of workers)
      expect(connectionsOn(pid, mqttPort), `connections held by worker ${pid}`).toBeGreaterThan(0);

    await Promise.all(
      clients.map((c, i) =>
        c.publishAsync("v1/devices/me/telemetry", JSON.stringify({ ts: 1_700_000_000_000 + i, values: { n: i } }), {
          qos: 1,
        }),
      ),
    );
    const store = createTelemetryStore(db);
    for (const [i, { device }] of devices.entries()) {
      const points = await store.range(tenantId, device.id, { keys: ["n"], from: 0, to: Date.now() });
      expect(points.n, device.name).toEqual([{ ts: 1_700_000_000_000 + i, value: { type: "LONG", value: i } }]);
    }

    // The supervisor's scrape reports the whole node: each worker alone holds only some of the
    // connections and committed only some of the messages.
    expect(await scrapeMetric(metricsPort, "industryos_ingest_messages_committed_total")).toBe(devices.length);
    expect(await scrapeMetric(metricsPort, "industryos_ingest_mqtt_connections")).toBe(devices.length);

    // A downlink is published for the device; only the worker holding its connection delivers it.
    for (const [i, { device }] of devices.entries()) {
      const client = clients[i]!;
      await client.subscribeAsync("v1/devices/me/attributes", { qos: 1 });
      const update = await pushUntil(
        () =>
          pushSharedAttributes(redis, device.id, { updated: [{ key: "setpoint", value: { type: "LONG", value: i } }] }),
        nextMessage(client, "v1/devices/me/attributes"),
      );
      expect(update.body).toEqual({ setpoint: i });
    }
    await Promise.all(clients.map((c) => c.endAsync()));
  }, 60_000);

  it("replaces a worker that dies, and stops every worker on SIGTERM", async () => {
    const before = workersOf(child.pid!);
    process.kill(before[0]!, "SIGKILL");
    const after = await waitFor(async () => {
      const now = workersOf(child.pid!);
      return now.length === 2 && !now.includes(before[0]!) ? now : null;
    }, 60_000);
    expect(after).toContain(before[1]);
    // The replacement serves devices too, once it listens: connect until a connection lands on it.
    const replacement = after.find((pid) => pid !== before[1])!;
    const { device, accessToken } = await createDevice(db.system, { tenantId, name: "after-restart" });
    const clients: Awaited<ReturnType<typeof connectMqtt>>[] = [];
    await waitFor(async () => {
      clients.push(await connectMqtt(mqttPort, { username: accessToken, clientId: `after-restart-${clients.length}` }));
      return connectionsOn(replacement, mqttPort) > 0;
    }, 60_000);
    await Promise.all(
      clients.map((c, i) =>
        c.publishAsync("v1/devices/me/telemetry", JSON.stringify({ ts: 1_700_000_100_000 + i, values: { k: i } }), {
          qos: 1,
        }),
      ),
    );
    const points = await createTelemetryStore(db).range(tenantId, device.id, { keys: ["k"], from: 0, to: Date.now() });
    expect(points.k).toHaveLength(clients.length);
    await Promise.all(clients.map((c) => c.endAsync()));

    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    const alive = (pid: number) => readdirSync("/proc").includes(String(pid));
    await waitFor(async () => after.every((pid) => !alive(pid)), 15_000);
  }, 120_000);
});

it("exits with an error when a worker cannot start (its port is taken)", async () => {
  const taken = createServer();
  const port = await new Promise<number>((resolve) =>
    taken.listen(0, "127.0.0.1", () => resolve((taken.address() as { port: number }).port)),
  );
  try {
    const child = startIngestProcess({
      INGEST_HTTP_PORT: String(port),
      INGEST_METRICS_PORT: String(await freePort()),
      MQTT_PORT: String(await freePort()),
      MQTT_WS_PORT: String(await freePort()),
      COAP_PORT: String(await freePort()),
      LWM2M_PORT: "0",
    });
    expect(await exited(child)).toBe(1);
    expect(workersOf(child.pid!)).toEqual([]);
  } finally {
    taken.close();
  }
}, 90_000);
