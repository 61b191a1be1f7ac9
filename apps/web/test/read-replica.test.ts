import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { APP_ROLE, databaseUrls, parseConfig } from "@industryos/config";
import type { TestDatabase } from "@industryos/db/testing";
import { createTestDatabase } from "@industryos/db/testing";
import { dataRoot, freePort, startPostgres, startPostgresStandby, type RunningService } from "@industryos/devstack";
import { createReadReplicas } from "@industryos/db";
import { createStoreTelemetryReader } from "@industryos/realtime";
import { createLogger, generateSecretKey } from "@industryos/runtime";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatform, type Platform } from "../src/server/platform.ts";

// DATABASE_READ_URL against a real streaming replica: a primary of this file's own (the shared
// test server is never touched), a hot standby made from it with pg_basebackup -R, and the web
// process's platform (config → database clients → telemetry store → REST API) over both.

const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MINUTE = 60_000;
const historyPath = (deviceId: string, query: string) =>
  `/api/v1/devices/${deviceId}/telemetry?keys=temperature&from=${t0}&to=${t0 + 60 * MINUTE}&order=asc&${query}`;

let primaryDir: string;
let standbyDir: string;
let primary: RunningService;
let standby: RunningService;
let standbyPort: number;
let database: TestDatabase;
let h: ApiHarness;
let platform: Platform;
let apiKey: string;
let otherApiKey: string;
let tenantId: string;
let otherTenantId: string;
let deviceId: string;

/** A database URL on the standby's port (same database name). */
function onStandby(url: string): string {
  const u = new URL(url);
  u.port = String(standbyPort);
  return u.toString();
}

async function withConnection<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Waits until the standby has replayed everything the primary has written so far. The target is
 * the insert position, not the write position: this primary runs with synchronous_commit = off
 * (devstack's ephemeral servers), so a commit can sit in WAL buffers past pg_current_wal_lsn().
 */
async function standbyCaughtUp(): Promise<void> {
  const target = await withConnection(
    primary.url,
    async (c) => (await c.query("SELECT pg_current_wal_insert_lsn()::text AS lsn")).rows[0].lsn,
  );
  const deadline = Date.now() + 20_000;
  for (;;) {
    const behind = await withConnection(
      onStandby(primary.url),
      async (c) =>
        (await c.query("SELECT pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()) > 0 AS behind", [target])).rows[0]
          .behind,
    );
    if (!behind) return;
    if (Date.now() > deadline) throw new Error(`the standby did not replay up to ${target} within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * pg_wal_replay_pause() only requests a pause; the startup process takes it at its next check, so
 * this waits for the state to read 'paused' before anything is pushed that must not be replayed.
 */
const setReplay = (paused: boolean) =>
  withConnection(onStandby(primary.url), async (c) => {
    if (!paused) return void (await c.query("SELECT pg_wal_replay_resume()"));
    await c.query("SELECT pg_wal_replay_pause()");
    const deadline = Date.now() + 20_000;
    while ((await c.query("SELECT pg_get_wal_replay_pause_state() AS state")).rows[0].state !== "paused") {
      if (Date.now() > deadline) throw new Error("the standby did not pause its replay within 20 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  });

async function call<T>(method: string, path: string, key: string, body?: unknown) {
  const request = new Request(new URL(path, "http://console.test"), {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const response = await platform.api.rest(request, { ipAddress: "203.0.113.7" });
  return { status: response.status, body: (await response.json()) as T };
}

type History = Record<string, { ts: number; value: number }[]>;

/** Points the API answers for the hour of temperature (raw) and their COUNT in one bucket. */
async function historyThroughApi(): Promise<{ raw: number[]; count: number }> {
  const raw = await call<History>("GET", historyPath(deviceId, "limit=1000"), apiKey);
  expect(raw.status, JSON.stringify(raw.body)).toBe(200);
  const count = await call<History>("GET", historyPath(deviceId, `agg=COUNT&interval=${60 * MINUTE}`), apiKey);
  expect(count.status, JSON.stringify(count.body)).toBe(200);
  return { raw: raw.body.temperature!.map((p) => p.value), count: count.body.temperature![0]?.value ?? 0 };
}

async function pushPoint(minute: number, value: number) {
  const saved = await call<{ points: number }>("POST", `/api/v1/devices/${deviceId}/telemetry`, apiKey, {
    ts: t0 + minute * MINUTE,
    values: { temperature: value },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

beforeAll(async () => {
  mkdirSync(dataRoot, { recursive: true });
  primaryDir = mkdtempSync(join(dataRoot, "replica-primary-"));
  standbyDir = mkdtempSync(join(dataRoot, "replica-standby-"));
  const quiet = () => undefined;
  primary = await startPostgres({ dataDir: primaryDir, port: await freePort(), ephemeral: true, log: quiet });
  standbyPort = await freePort();
  standby = await startPostgresStandby({ primaryUrl: primary.url, dataDir: standbyDir, port: standbyPort, log: quiet });
  // Created after the base backup: the database itself reaches the standby through the WAL stream.
  database = await createTestDatabase({ serverUrl: primary.url });
  h = await startApiHarness({}, { database });
  const config = parseConfig({
    ...process.env,
    DATABASE_URL: database.ownerUrl,
    // As an operator would write it: the owner's URL of the replica. Reads connect as the application role anyway.
    DATABASE_READ_URL: onStandby(database.ownerUrl),
    SECRETS_KEY: generateSecretKey(),
    LOG_LEVEL: "silent",
  });
  expect(new URL(databaseUrls(config).reads[0]!).username).toBe(APP_ROLE);
  platform = createPlatform(config, createLogger("read-replica-test", "silent"));

  const admin = await h.signup("replica-a");
  tenantId = admin.tenantId;
  apiKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body: { name: "ci" } }))
    .body.key;
  deviceId = (await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey, body: { name: "Meter" } })).body.id;
  const other = await h.signup("replica-b");
  otherTenantId = other.tenantId;
  otherApiKey = (
    await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: other.cookie, body: { name: "ci" } })
  ).body.key;
}, 120_000);

afterAll(async () => {
  await platform?.telemetryStore.flushLatest().catch(() => undefined);
  await platform?.close().catch(() => undefined);
  await h?.close().catch(() => undefined);
  await standby?.stop();
  await primary?.stop();
  for (const dir of [standbyDir, primaryDir]) if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("telemetry history from a streaming replica (DATABASE_READ_URL)", () => {
  it("stores ingest's points on the primary and serves range and aggregate reads from the replica", async () => {
    // Ten points through the store's ingest path (writeBatch: the system role's COPY, as apps/ingest writes).
    await platform.telemetryStore.writeBatch(
      Array.from({ length: 10 }, (_, i) => ({
        tenantId,
        entityId: deviceId,
        key: "temperature",
        ts: t0 + i * MINUTE,
        value: { type: "DOUBLE" as const, value: i },
      })),
    );
    const onPrimary = await withConnection(h.database.appUrl, async (c) => {
      await c.query("BEGIN");
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
      const recovery = await c.query("SELECT pg_is_in_recovery() AS standby");
      const points = await c.query(
        "SELECT count(*)::int AS n FROM telemetry_range($1::uuid, ARRAY['temperature'], $2::timestamptz, $3::timestamptz, 1000, false)",
        [deviceId, new Date(t0).toISOString(), new Date(t0 + 60 * MINUTE).toISOString()],
      );
      await c.query("COMMIT");
      return { standby: recovery.rows[0].standby as boolean, points: points.rows[0].n as number };
    });
    expect(onPrimary).toEqual({ standby: false, points: 10 });
    await standbyCaughtUp();
    expect(await historyThroughApi()).toEqual({ raw: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], count: 10 });

    // With replay paused, the replica keeps showing what it had: a point pushed now is on the
    // primary (the latest value, read there, has it) but not in the history the API answers.
    await setReplay(true);
    try {
      await pushPoint(10, 10);
      const latest = await call<Record<string, { ts: number; value: number }>>(
        "GET",
        `/api/v1/devices/${deviceId}/telemetry/latest?keys=temperature`,
        apiKey,
      );
      expect(latest.body.temperature).toEqual({ ts: t0 + 10 * MINUTE, value: 10 });
      expect(await historyThroughApi()).toEqual({ raw: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], count: 10 });
      // The dashboards' charts (the /api/ws server's reader over the same store) read the replica too.
      const chart = await createStoreTelemetryReader(platform.telemetryStore).history(tenantId, deviceId, {
        keys: ["temperature"],
        from: t0,
        to: t0 + 60 * MINUTE,
        agg: "NONE",
        limit: 1000,
      });
      expect(chart.temperature).toHaveLength(10);
      const sessions = await withConnection(onStandby(primary.url), async (c) =>
        (
          await c.query<{ usename: string }>(
            "SELECT usename FROM pg_stat_activity WHERE application_name = 'industryos-read' AND datname = $1",
            [database.name],
          )
        ).rows.map((r) => r.usename),
      );
      expect(sessions.length).toBeGreaterThan(0);
      expect(new Set(sessions)).toEqual(new Set([APP_ROLE]));
    } finally {
      await setReplay(false);
    }
    await standbyCaughtUp();
    expect(await historyThroughApi()).toEqual({ raw: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], count: 11 });
  }, 60_000);

  it("keeps tenants apart on the replica as on the primary", async () => {
    // Through the API: another tenant's key does not reach the device at all.
    const foreign = await call<{ error: unknown }>("GET", historyPath(deviceId, "limit=1000"), otherApiKey);
    expect(foreign.status).toBe(404);
    // Through the store, which reads the replica: the other tenant's context sees no points of it.
    const asOther = await platform.telemetryStore.range(otherTenantId, deviceId, {
      keys: ["temperature"],
      from: t0,
      to: t0 + 60 * MINUTE,
      limit: 1000,
    });
    expect(asOther).toEqual({ temperature: [] });
    // On the standby itself, as the application role: same functions, same tenant rule.
    const replicaAppUrl = onStandby(h.database.appUrl);
    const countAs = (tenant: string | null) =>
      withConnection(replicaAppUrl, async (c) => {
        await c.query("BEGIN");
        if (tenant) await c.query("SELECT set_config('app.tenant_id', $1, true)", [tenant]);
        try {
          const { rows } = await c.query(
            "SELECT pg_is_in_recovery() AS standby, (SELECT count(*)::int FROM telemetry_range($1::uuid, ARRAY['temperature'], $2::timestamptz, $3::timestamptz, 1000, false)) AS n",
            [deviceId, new Date(t0).toISOString(), new Date(t0 + 60 * MINUTE).toISOString()],
          );
          return rows[0] as { standby: boolean; n: number };
        } finally {
          await c.query("ROLLBACK").catch(() => undefined);
        }
      });
    expect(await countAs(tenantId)).toEqual({ standby: true, n: 11 });
    expect(await countAs(otherTenantId)).toEqual({ standby: true, n: 0 });
    await expect(countAs(null)).rejects.toThrow(/app.tenant_id is not set/);
    await expect(withConnection(replicaAppUrl, (c) => c.query("SELECT count(*) FROM telemetry"))).rejects.toThrow(
      /permission denied/,
    );
  }, 60_000);

  it("answers from the primary while the replica is down, and goes back to the replica when it returns", async () => {
    await standby.stop();
    // No error for the caller: the reads that found the replica gone are repeated on the primary,
    // which also has what was pushed meanwhile.
    await pushPoint(11, 11);
    expect(await historyThroughApi()).toEqual({ raw: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], count: 12 });
    expect(platform.deps.db.reads.status()).toEqual([expect.objectContaining({ up: false })]);

    standby = await startPostgresStandby({
      primaryUrl: primary.url,
      dataDir: standbyDir,
      port: standbyPort,
      log: () => undefined,
    });
    const deadline = Date.now() + 20_000;
    while (!platform.deps.db.reads.status()[0]!.up) {
      if (Date.now() > deadline) throw new Error("the replica was not taken back within 20 s of its restart");
      await new Promise((r) => setTimeout(r, 200));
    }
    await standbyCaughtUp();
    await setReplay(true);
    try {
      await pushPoint(12, 12);
      expect(await historyThroughApi()).toEqual({ raw: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], count: 12 });
    } finally {
      await setReplay(false);
    }
  }, 60_000);

  it("passes over a replica that trails the primary by more than the lag ceiling, and takes it back once it catches up", async () => {
    await standbyCaughtUp();
    const primaryPool = new pg.Pool({ connectionString: h.database.appUrl, max: 2 });
    const lagEvents: { behind: boolean; lagMs: number }[] = [];
    // DATABASE_READ_MAX_LAG_MS at 300 ms, measured every 100 ms (the defaults are 10 s and 1 s).
    const reads = createReadReplicas({
      urls: [onStandby(h.database.appUrl)],
      primary: primaryPool,
      poolSize: 2,
      maxLagMs: 300,
      lagCheckEveryMs: 100,
      onLagChange: ({ behind, lagMs }) => lagEvents.push({ behind, lagMs }),
    });
    const servedBy = () =>
      reads.run(async (pool) =>
        (await pool.query<{ standby: boolean }>("SELECT pg_is_in_recovery() AS standby")).rows[0]!.standby
          ? "replica"
          : "primary",
      );
    const until = async (behind: boolean) => {
      const deadline = Date.now() + 15_000;
      while (reads.status()[0]!.behind !== behind) {
        if (Date.now() > deadline) throw new Error(`the replica's behind flag did not become ${behind} within 15 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await new Promise((r) => setTimeout(r, 400));
      expect(reads.status()[0]).toMatchObject({ up: true, behind: false, lagMs: 0 });
      expect(await servedBy()).toBe("replica");

      await setReplay(true);
      try {
        await pushPoint(13, 13);
        await until(true);
        expect(reads.status()[0]!.lagMs).toBeGreaterThan(300);
        expect(reads.status()[0]!.up).toBe(true);
        expect(await servedBy()).toBe("primary");
      } finally {
        await setReplay(false);
      }
      await until(false);
      expect(await servedBy()).toBe("replica");
      expect(lagEvents.map((e) => e.behind)).toEqual([true, false]);
    } finally {
      await reads.close();
      await primaryPool.end();
    }
  }, 60_000);
});
