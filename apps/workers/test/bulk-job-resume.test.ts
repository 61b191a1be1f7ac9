import type { BulkJobView } from "@industryos/api";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { bulkJobWorkflowId } from "@industryos/temporal-client/workflows/bulk";
import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, Worker } from "@temporalio/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createActivities } from "../src/temporal/activities.ts";
import { workflowsPath } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/** A Redis database no other test file of the workers uses (the rule-engine streams' names are fixed). */
const REDIS_DB = 58;
const TASK_QUEUE = "bulk-job-test";
const ROWS = 30;

let env: TestWorkflowEnvironment;
let h: ApiHarness;
let admin: { cookie: string; tenantId: string };
let workflowBundle: { code: string };

beforeAll(async () => {
  quietTemporalLogs();
  process.env.REDIS_URL = `${process.env.REDIS_URL}/${REDIS_DB}`;
  [env, workflowBundle] = await Promise.all([createTimeSkippingEnvironment(), bundleWorkflowCode({ workflowsPath })]);
  // The API starts workflows on the test server, on this file's task queue.
  h = await startApiHarness({
    temporal: { taskQueue: TASK_QUEUE, get: async () => env.client, close: async () => {} },
  });
  admin = await h.signup("bulk-resume");
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

/**
 * A worker as main.ts builds it (createWorker), but with no workflow cache: the Java test server never moves a
 * workflow task off a stopped worker's sticky queue (a real server does after its schedule-to-start timeout), and
 * a restarted worker has no cache anyway.
 */
const startWorker = () =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle,
    maxCachedWorkflows: 0,
    activities: createActivities({
      devices: new InMemoryDeviceStore(),
      bulkJobs: { db: h.deps.db, redis: h.deps.redis, logger: h.deps.logger },
    }),
  });

const getJob = async (id: string) =>
  (await h.call<BulkJobView>("GET", `/api/v1/bulk-jobs/${id}`, { cookie: admin.cookie })).body;

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("bulk device import on Temporal", () => {
  it("resumes after a worker restart and creates each device exactly once", async () => {
    const names = Array.from({ length: ROWS }, (_, i) => `Meter ${String(i + 1).padStart(2, "0")}`);
    const csv = ["name,type,server:serial", ...names.map((n, i) => `${n},meter,SN-${i + 1}`)].join("\n");
    // Paced at 10 rows a second, so the first worker is stopped part-way through.
    const created = await h.call<BulkJobView>("POST", "/api/v1/bulk-jobs/device-import", {
      cookie: admin.cookie,
      body: { csv, maxPerSecond: 10 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const jobId = created.body.id;
    const started = await h.call<BulkJobView>("POST", `/api/v1/bulk-jobs/${jobId}/start`, { cookie: admin.cookie });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.status).toBe("RUNNING");
    // A second start is refused, and the workflow id is the job's: one run per job.
    expect((await h.call("POST", `/api/v1/bulk-jobs/${jobId}/start`, { cookie: admin.cookie })).status).toBe(409);

    const first = await startWorker();
    const firstRun = first.run();
    await waitFor(
      () => getJob(jobId),
      (job) => job.processed >= 8,
    );
    first.shutdown();
    await firstRun;
    const between = await getJob(jobId);
    expect(between.status).toBe("RUNNING");
    expect(between.processed).toBeGreaterThanOrEqual(8);
    expect(between.processed).toBeLessThan(ROWS);

    const second = await startWorker();
    const outcome = await second.runUntil(env.client.workflow.getHandle(bulkJobWorkflowId(jobId)).result());
    expect(outcome).toEqual({ status: "COMPLETED", processed: ROWS, succeeded: ROWS, failed: 0 });

    const done = await getJob(jobId);
    expect(done).toMatchObject({ status: "COMPLETED", progress: 100, processed: ROWS, succeeded: ROWS });
    expect(done.finishedAt).not.toBeNull();
    const db = h.deps.db.forTenant(admin.tenantId);
    const devices = await db.device.findMany({ where: { type: "meter" }, select: { id: true, name: true } });
    expect(devices.map((d) => d.name).sort()).toEqual(names);
    // Each device was created once: one ADDED audit entry per device, one credential each, one serial each.
    const added = await db.auditLog.groupBy({
      by: ["entityId"],
      where: { actionType: "ADDED", entityType: "DEVICE", entityId: { in: devices.map((d) => d.id) } },
      _count: true,
    });
    expect(added).toHaveLength(ROWS);
    expect(added.every((a) => a._count === 1)).toBe(true);
    expect(await db.deviceCredential.count({ where: { deviceId: { in: devices.map((d) => d.id) } } })).toBe(ROWS);
    expect(await db.attribute.count({ where: { key: "serial", entityId: { in: devices.map((d) => d.id) } } })).toBe(
      ROWS,
    );
  }, 120_000);

  it("stops a running job when it is cancelled and skips the rest", async () => {
    const csv = ["name", ...Array.from({ length: 20 }, (_, i) => `Valve ${i + 1}`)].join("\n");
    const created = await h.call<BulkJobView>("POST", "/api/v1/bulk-jobs/device-import", {
      cookie: admin.cookie,
      body: { csv, maxPerSecond: 5 },
    });
    const jobId = created.body.id;
    await h.call("POST", `/api/v1/bulk-jobs/${jobId}/start`, { cookie: admin.cookie });
    const worker = await startWorker();
    const outcome = await worker.runUntil(async () => {
      await waitFor(
        () => getJob(jobId),
        (job) => job.processed >= 2,
      );
      const cancelled = await h.call<BulkJobView>("POST", `/api/v1/bulk-jobs/${jobId}/cancel`, {
        cookie: admin.cookie,
      });
      expect(cancelled.body.status).toBe("CANCELLED");
      return env.client.workflow.getHandle(bulkJobWorkflowId(jobId)).result();
    });
    expect(outcome?.status).toBe("CANCELLED");
    const items = await h.deps.db
      .forTenant(admin.tenantId)
      .bulkJobItem.groupBy({ by: ["status"], where: { jobId }, _count: true });
    const count = Object.fromEntries(items.map((i) => [i.status, i._count]));
    expect(count.PENDING).toBeUndefined();
    expect(count.SKIPPED).toBeGreaterThan(0);
    expect((count.SUCCEEDED ?? 0) + (count.SKIPPED ?? 0)).toBe(20);
    expect((await getJob(jobId)).finishedAt).not.toBeNull();
  }, 60_000);
});
