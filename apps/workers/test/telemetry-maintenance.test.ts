import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createDevice, createTenant, createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { createTelemetryStore, type TelemetryStore } from "@industryos/db/telemetry";
import { freePort, startTemporalDevServer, type TemporalDevServer } from "@industryos/devstack";
import { TELEMETRY_MAINTENANCE_SCHEDULE_ID } from "@industryos/temporal-client/workflows/maintenance";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, Worker, type NativeConnection } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTelemetryMaintenanceSchedule } from "../src/maintenance/maintenance-schedule.ts";
import { createActivities } from "../src/temporal/activities.ts";
import { workflowsPath } from "../src/temporal/worker.ts";
import { telemetryMaintenanceWorkflow } from "../src/temporal/workflows.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { retainedValues, writeRetentionPoints } from "./support/retention-points.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The platform's limit in these tests (TELEMETRY_RETENTION_DAYS). */
const PLATFORM_DAYS = 30;

let database: TestDatabase;
let db: DatabaseClients;
let store: TelemetryStore;
let workflowBundle: { code: string };
/** Tenant A keeps 2 days (debug_ keys 1 day); tenant B sets nothing (the platform's 30 days). */
const a = { tenantId: "", deviceId: "" };
const b = { tenantId: "", deviceId: "" };

beforeAll(async () => {
  quietTemporalLogs();
  database = await createTestDatabase();
  db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 4 });
  store = createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool });
  workflowBundle = await bundleWorkflowCode({ workflowsPath });
  for (const t of [a, b]) {
    t.tenantId = (await createTenant(db.system)).id;
    t.deviceId = (await createDevice(db.system, { tenantId: t.tenantId })).device.id;
  }
  await db.system.tenant.update({
    where: { id: a.tenantId },
    data: { settings: { retention: { days: 2, keys: [{ prefix: "debug_", days: 1 }] } } },
  });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await db?.close();
  await database?.drop();
});

const writePoints = (now: number) => writeRetentionPoints(store, [a, b], now);
const valuesOf = (t: { tenantId: string; deviceId: string }) => retainedValues(store, t);

function startWorker(connection: NativeConnection, taskQueue: string) {
  return Worker.create({
    connection,
    taskQueue,
    workflowBundle,
    activities: createActivities({
      devices: new InMemoryDeviceStore(),
      maintenance: { db, store, retentionDays: PLATFORM_DAYS },
    }),
  });
}

describe("telemetry maintenance workflow (time-skipping server)", () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => env?.teardown());

  it("deletes a short-retention tenant's expired points, by key prefix, and keeps another tenant's", async () => {
    const now = await env.currentTimeMs();
    await writePoints(now);
    // A worker runs once (runUntil shuts it down): one per run.
    const run = async (id: string) =>
      (await startWorker(env.nativeConnection, "maintenance-test")).runUntil(
        env.client.workflow.execute(telemetryMaintenanceWorkflow, { taskQueue: "maintenance-test", workflowId: id }),
      );

    const first = await run(`telemetry-maintenance-first-${now}`);
    expect(first).toMatchObject({ tenants: 1, pointsDeleted: 2 });
    expect(await valuesOf(a)).toEqual({ temperature: [2, 3], debug_trace: [5] });
    expect(await valuesOf(b)).toEqual({ temperature: [1, 2, 3], debug_trace: [4, 5] });

    // Two days later (skipped): A's remaining points are past its 2 days; B's are well within the platform's 30.
    await env.sleep(2 * DAY);
    const later = await run(`telemetry-maintenance-later-${now}`);
    expect(later).toMatchObject({ tenants: 1, pointsDeleted: 3 });
    expect(await valuesOf(a)).toEqual({ temperature: [], debug_trace: [] });
    expect(await valuesOf(b)).toEqual({ temperature: [1, 2, 3], debug_trace: [4, 5] });
  }, 120_000);
});

describe("telemetry-maintenance schedule (Temporal dev server)", () => {
  let server: TemporalDevServer;
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    server = await startTemporalDevServer({ port: await freePort(), log: () => {} });
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address });
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await env?.teardown();
    await server?.stop();
  });

  it("is ensured once a day, idempotently, and its run applies the retention", async () => {
    expect(await ensureTelemetryMaintenanceSchedule(env.client, "maintenance-schedule-test")).toBe("created");
    expect(await ensureTelemetryMaintenanceSchedule(env.client, "maintenance-schedule-test")).toBe("updated");
    const handle = env.client.schedule.getHandle(TELEMETRY_MAINTENANCE_SCHEDULE_ID);
    const description = await handle.describe();
    expect(description.spec.calendars).toEqual([
      expect.objectContaining({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 17, end: 17, step: 1 }] }),
    ]);
    expect(description.action).toMatchObject({ workflowType: "telemetryMaintenanceWorkflow" });
    expect(description.action.type === "startWorkflow" && description.action.taskQueue).toBe(
      "maintenance-schedule-test",
    );

    // Run it now, as the schedule would at 03:17, on a worker of its task queue.
    await writePoints(Date.now());
    const worker = await startWorker(env.nativeConnection, "maintenance-schedule-test");
    const result = await worker.runUntil(async () => {
      await handle.trigger();
      let started: string | undefined;
      while (!started) {
        started = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId;
        if (!started) await new Promise((r) => setTimeout(r, 200));
      }
      return env.client.workflow.getHandle(started).result();
    });
    expect(result).toMatchObject({ tenants: 1 });
    expect((await valuesOf(a)).debug_trace).toEqual([5]);
    expect((await valuesOf(b)).debug_trace).toEqual([4, 4, 5, 5]);
  }, 120_000);
});
