import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { otaCampaignWorkflowId, OTA_CAMPAIGN_SIGNALS } from "@industryos/temporal-client/workflows/ota";
import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { bundleWorkflowCode, Worker } from "@temporalio/worker";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createActivities } from "../src/temporal/activities.ts";
import { workflowsPath } from "../src/temporal/worker.ts";
import { OTA_POLL_MS } from "../src/temporal/workflows/ota-campaign.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/**
 * OTA campaigns on the Temporal test server, created through the API as the console does. A simulated fleet
 * plays the devices: each online device whose target is the campaign's package and whose state is QUEUED
 * reports UPDATED (or FAILED), as ingest records a device's fw_state.
 */
const REDIS_DB = 53;
const TASK_QUEUE = "ota-campaign-test";

let env: TestWorkflowEnvironment;
let h: ApiHarness;
let admin: { cookie: string; tenantId: string };
let workflowBundle: { code: string };
let fleet: ReturnType<typeof simulateFleet> | undefined;

beforeAll(async () => {
  quietTemporalLogs();
  process.env.REDIS_URL = `${process.env.REDIS_URL}/${REDIS_DB}`;
  [env, workflowBundle] = await Promise.all([createTimeSkippingEnvironment(), bundleWorkflowCode({ workflowsPath })]);
  h = await startApiHarness({
    temporal: { taskQueue: TASK_QUEUE, get: async () => env.client, close: async () => {} },
  });
  admin = await h.signup("ota-campaign");
}, INSTALL_TIMEOUT_MS);
afterEach(() => fleet?.stop());
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

const db = () => h.deps.db.forTenant(admin.tenantId);
/**
 * Workers without a workflow cache: each task replays the history, so nothing waits on a stopped worker's
 * sticky queue (the test server moves such tasks on only after a timeout on its own clock).
 */
const newWorker = (): Promise<Worker> =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    activities: createActivities({ devices: new InMemoryDeviceStore(), ota: { db: h.deps.db, redis: h.deps.redis } }),
    workflowBundle,
    maxCachedWorkflows: 0,
  });

/** A profile with `count` online devices (ids sorted: the order waves are cut in) and a package for it. */
async function fleetOf(label: string, count: number) {
  const post = async <T>(path: string, body: unknown) =>
    (await h.call<T>("POST", path, { cookie: admin.cookie, body })).body;
  const profile = await post<{ id: string }>("/api/v1/device-profiles", { name: `Profile ${label}` });
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await post<{ id: string }>("/api/v1/devices", { name: `${label} ${i}`, profileId: profile.id })).id);
  await db().device.updateMany({ where: { id: { in: ids } }, data: { lastActivityAt: new Date() } });
  const pkg = await db().otaPackage.create({
    data: {
      tenantId: admin.tenantId,
      type: "FIRMWARE",
      title: `fw-${label}`,
      version: "2.0",
      url: "https://firmware.example.test/fw.bin",
    },
  });
  return { profileId: profile.id, packageId: pkg.id, ids: ids.sort() };
}

/** Devices answering their assignment every few milliseconds of real time; `offline` ones do not. */
function simulateFleet(packageId: string, failing: Set<string>, offline: Set<string>) {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void (async () => {
      const queued = await db().deviceOtaStatus.findMany({
        where: { targetPackageId: packageId, state: "QUEUED", deviceId: { notIn: [...offline] } },
      });
      for (const s of queued) {
        const failed = failing.has(s.deviceId);
        await db().deviceOtaStatus.update({
          where: { deviceId_type: { deviceId: s.deviceId, type: "FIRMWARE" } },
          data: failed ? { state: "FAILED", error: "flash write failed" } : { state: "UPDATED", currentVersion: "2.0" },
        });
      }
    })().finally(() => (busy = false));
  }, 20);
  return { stop: () => clearInterval(timer) };
}

/**
 * Waits in real time (a worker replays and takes signals in real time), letting the server's clock run too: a
 * workflow task left on a stopped worker's sticky queue moves to the shared queue only when that times out.
 */
async function until(done: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await env.sleep(1_000);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Campaign {
  id: string;
  status: string;
  counts: Record<string, number>;
  waiting: number;
  progress: number;
  failing: { deviceId: string; lastFwState: string | null; error: string | null }[];
}
const getCampaign = async (id: string) =>
  (await h.call<Campaign>("GET", `/api/v1/ota-campaigns/${id}`, { cookie: admin.cookie })).body;

describe("OTA campaign workflow", () => {
  it("aborts at its failure threshold after the first wave, notifies, and leaves the next wave untouched", async () => {
    const { profileId, packageId, ids } = await fleetOf("abort", 20);
    const target = await db().notificationTarget.create({
      data: { tenantId: admin.tenantId, name: "Ops", type: "EMAIL", configuration: { emails: ["ops@example.test"] } },
    });
    // Waves [25, 100]: the first five devices (by id) go first; three of them fail.
    fleet = simulateFleet(packageId, new Set(ids.slice(0, 3)), new Set());
    const created = await h.call<Campaign>("POST", "/api/v1/ota-campaigns", {
      cookie: admin.cookie,
      body: {
        name: "Abort me",
        packageId,
        target: { deviceProfileId: profileId },
        waves: [25, 100],
        failureThresholdPercent: 20,
        onThreshold: "ABORT",
        notifyTargetIds: [target.id],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const worker = await newWorker();
    const outcome = await worker.runUntil(
      env.client.workflow.getHandle(otaCampaignWorkflowId(created.body.id)).result(),
    );
    expect(outcome).toBe("ABORTED");
    const campaign = await getCampaign(created.body.id);
    expect(campaign.status).toBe("ABORTED");
    expect(campaign.counts).toMatchObject({ SUCCEEDED: 2, FAILED: 3, PENDING: 15, IN_PROGRESS: 0 });
    expect(campaign.failing.map((f) => f.deviceId).sort()).toEqual(ids.slice(0, 3));
    expect(campaign.failing[0]).toMatchObject({ lastFwState: "FAILED", error: "flash write failed" });
    // The second wave never got the package.
    const untouched = await db().device.count({ where: { id: { in: ids.slice(5) }, firmwareId: null } });
    expect(untouched).toBe(15);
    const request = await db().notificationRequest.findFirst({
      where: { dedupKey: `ota-campaign:${created.body.id}:threshold:1` },
    });
    expect(request?.targetIds).toEqual([target.id]);
    expect(request?.info).toMatchObject({ failed: 3, finished: 5, action: "ABORT" });
  }, 120_000);

  it("resumes after a worker restart, waits for an offline device to return, and completes", async () => {
    const { profileId, packageId, ids } = await fleetOf("restart", 12);
    const offline = new Set([ids[10]!]);
    await db().device.update({ where: { id: ids[10]! }, data: { lastActivityAt: null } });
    fleet = simulateFleet(packageId, new Set(), offline);
    const created = await h.call<Campaign>("POST", "/api/v1/ota-campaigns", {
      cookie: admin.cookie,
      body: { name: "Restart me", packageId, target: { deviceProfileId: profileId }, waves: [50, 100] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;

    // First worker: the first wave completes, then the worker goes away mid-campaign.
    const first = await newWorker();
    const firstRun = first.run();
    for (let i = 0; i < 50 && (await getCampaign(id)).counts.SUCCEEDED! < 6; i++) await env.sleep(OTA_POLL_MS);
    first.shutdown();
    await firstRun;
    const between = await getCampaign(id);
    expect(between.status).toBe("RUNNING");
    expect(between.counts.SUCCEEDED).toBeGreaterThanOrEqual(6);

    // The next worker takes over from the campaign's history; meanwhile the console pauses and resumes it,
    // and the offline device comes back once everything else has updated.
    const handle = env.client.workflow.getHandle(otaCampaignWorkflowId(id));
    const console_ = async () => {
      await handle.signal(OTA_CAMPAIGN_SIGNALS.pause);
      await until(async () => (await getCampaign(id)).status === "PAUSED");
      const resumed = await h.call<Campaign>("POST", `/api/v1/ota-campaigns/${id}/resume`, { cookie: admin.cookie });
      expect(resumed.status).toBe(202);
      // Taken at the workflow's next look (a poll); devices already given the package went on meanwhile.
      await until(async () => (await getCampaign(id)).status === "RUNNING");
      await until(async () => (await getCampaign(id)).counts.SUCCEEDED === 11);
      const waiting = await getCampaign(id);
      expect(waiting).toMatchObject({ status: "RUNNING", waiting: 1 });
      offline.clear();
      await db().device.update({ where: { id: ids[10]! }, data: { lastActivityAt: new Date() } });
    };
    const second = await newWorker();
    const [outcome] = await second.runUntil(Promise.all([handle.result(), console_()]));
    expect(outcome).toBe("COMPLETED");
    const done = await getCampaign(id);
    expect(done).toMatchObject({ status: "COMPLETED", progress: 100, waiting: 0 });
    expect(done.counts.SUCCEEDED).toBe(12);
    expect(await db().device.count({ where: { id: { in: ids }, firmwareId: packageId } })).toBe(12);
  }, 180_000);

  it("fails a device that never reports UPDATED once the campaign's device timeout has passed", async () => {
    const { profileId, packageId, ids } = await fleetOf("timeout", 3);
    // Online but silent: it is given the package, starts its timeout, and never answers.
    const silent = ids[1]!;
    fleet = simulateFleet(packageId, new Set(), new Set([silent]));
    const created = await h.call<Campaign>("POST", "/api/v1/ota-campaigns", {
      cookie: admin.cookie,
      // A threshold of 100 % never stops the campaign: the timeout alone decides the silent device.
      body: {
        name: "Time out",
        packageId,
        target: { deviceProfileId: profileId },
        deviceTimeoutSeconds: 300,
        failureThresholdPercent: 100,
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const worker = await newWorker();
    const outcome = await worker.runUntil(
      env.client.workflow.getHandle(otaCampaignWorkflowId(created.body.id)).result(),
    );
    expect(outcome).toBe("COMPLETED");
    const campaign = await getCampaign(created.body.id);
    expect(campaign.counts).toMatchObject({ SUCCEEDED: 2, TIMED_OUT: 1, FAILED: 0, IN_PROGRESS: 0 });
    expect(campaign.failing).toEqual([
      expect.objectContaining({ deviceId: silent, state: "TIMED_OUT", error: "no UPDATED within 300 s" }),
    ]);
    // Timed out on the workflow's clock: not before the 300 s, and at the first look after them.
    const row = await db().otaCampaignDevice.findUniqueOrThrow({
      where: { campaignId_deviceId: { campaignId: created.body.id, deviceId: silent } },
    });
    const waitedMs = row.finishedAt!.getTime() - row.startedAt!.getTime();
    expect(waitedMs).toBeGreaterThan(300_000);
    expect(waitedMs).toBeLessThanOrEqual(300_000 + 2 * OTA_POLL_MS);
  }, 240_000);

  it("pauses at its failure threshold with the PAUSE action, notifies, and continues when resumed", async () => {
    const { profileId, packageId, ids } = await fleetOf("pause", 10);
    // Waves [50, 100]: the first five devices (by id) go first; two of them fail (40 % > 30 %).
    fleet = simulateFleet(packageId, new Set(ids.slice(0, 2)), new Set());
    const target = await db().notificationTarget.create({
      data: {
        tenantId: admin.tenantId,
        name: "Ops pause",
        type: "EMAIL",
        configuration: { emails: ["ops@example.test"] },
      },
    });
    const created = await h.call<Campaign>("POST", "/api/v1/ota-campaigns", {
      cookie: admin.cookie,
      body: {
        notifyTargetIds: [target.id],
        name: "Pause me",
        packageId,
        target: { deviceProfileId: profileId },
        waves: [50, 100],
        failureThresholdPercent: 30,
        onThreshold: "PAUSE",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const handle = env.client.workflow.getHandle(otaCampaignWorkflowId(id));
    const console_ = async () => {
      await until(async () => (await getCampaign(id)).status === "PAUSED");
      const paused = await getCampaign(id);
      expect(paused.counts).toMatchObject({ SUCCEEDED: 3, FAILED: 2, PENDING: 5 });
      // Paused polls go by; the second wave still has not been given the package.
      await env.sleep(5 * OTA_POLL_MS);
      expect(await db().device.count({ where: { id: { in: ids.slice(5) }, firmwareId: null } })).toBe(5);
      expect((await getCampaign(id)).status).toBe("PAUSED");
      const request = await db().notificationRequest.findFirst({
        where: { dedupKey: `ota-campaign:${id}:threshold:1` },
      });
      expect(request?.targetIds).toEqual([target.id]);
      expect(request?.info).toMatchObject({ failed: 2, finished: 5, action: "PAUSE" });
      const resumed = await h.call<Campaign>("POST", `/api/v1/ota-campaigns/${id}/resume`, { cookie: admin.cookie });
      expect(resumed.status).toBe(202);
    };
    const worker = await newWorker();
    // The failures it was resumed with do not stop it again: the second wave runs and the campaign completes.
    const [outcome] = await worker.runUntil(Promise.all([handle.result(), console_()]));
    expect(outcome).toBe("COMPLETED");
    const done = await getCampaign(id);
    expect(done).toMatchObject({ status: "COMPLETED", progress: 100 });
    expect(done.counts).toMatchObject({ SUCCEEDED: 8, FAILED: 2, PENDING: 0 });
    expect(await db().device.count({ where: { id: { in: ids.slice(5) }, firmwareId: packageId } })).toBe(5);
  }, 180_000);

  it("takes a filter's devices as the devices list finds them: its search matches the type too", async () => {
    const { packageId, ids } = await fleetOf("filter", 3);
    await db().device.updateMany({ where: { id: { in: ids.slice(0, 2) } }, data: { type: "heat-pump-x7" } });
    const filter = { search: "PUMP-X7" };
    // What the console counts before starting.
    const listed = await h.call<{ total: number }>("GET", "/api/v1/devices?search=PUMP-X7", { cookie: admin.cookie });
    expect(listed.body.total).toBe(2);
    const created = await h.call<Campaign & { total: number }>("POST", "/api/v1/ota-campaigns", {
      cookie: admin.cookie,
      body: { name: "By type", packageId, target: { filter } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.total).toBe(2);
    await h.call("POST", `/api/v1/ota-campaigns/${created.body.id}/cancel`, { cookie: admin.cookie });
    const worker = await newWorker();
    await worker.runUntil(env.client.workflow.getHandle(otaCampaignWorkflowId(created.body.id)).result());
  }, 60_000);

  it("takes exactly the devices a saved filter matches when the campaign starts, and records the filter", async () => {
    const { packageId, ids } = await fleetOf("saved", 4);
    // Two of the profile's four devices are ACME's; a device of ACME outside the profile is not the package's.
    const customer = await h.call<{ id: string }>("POST", "/api/v1/customers", {
      cookie: admin.cookie,
      body: { title: "ACME saved" },
    });
    const acme = [ids[1]!, ids[3]!];
    await db().device.updateMany({ where: { id: { in: acme } }, data: { customerId: customer.body.id } });
    const saved = await h.call<{ id: string }>("POST", "/api/v1/device-filters", {
      cookie: admin.cookie,
      body: { name: "ACME saved", criteria: { customerId: customer.body.id, search: "saved" } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const matched = await h.call<{ total: number }>("GET", `/api/v1/device-filters/${saved.body.id}/devices`, {
      cookie: admin.cookie,
    });
    expect(matched.body.total).toBe(2);

    const created = await h.call<Campaign & { total: number; target: unknown }>("POST", "/api/v1/ota-campaigns", {
      cookie: admin.cookie,
      body: { name: "Saved filter", packageId, target: { savedFilterId: saved.body.id } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.total).toBe(2);
    expect(created.body.target).toEqual({
      savedFilterId: saved.body.id,
      savedFilterName: "ACME saved",
      filter: { customerId: customer.body.id, search: "saved" },
      matchedDevices: 2,
      notifyTargetIds: [],
    });
    // Changing the filter afterwards changes neither the campaign's devices nor what it recorded.
    await h.call("PATCH", `/api/v1/device-filters/${saved.body.id}`, {
      cookie: admin.cookie,
      body: { criteria: { search: "saved" } },
    });
    fleet = simulateFleet(packageId, new Set(), new Set());
    const worker = await newWorker();
    const handle = env.client.workflow.getHandle(otaCampaignWorkflowId(created.body.id));
    expect(await worker.runUntil(handle.result())).toBe("COMPLETED");
    const rows = await db().otaCampaignDevice.findMany({ where: { campaignId: created.body.id } });
    expect(rows.map((r) => r.deviceId).sort()).toEqual([...acme].sort());
    expect(rows.every((r) => r.state === "SUCCEEDED")).toBe(true);
    expect(await db().device.count({ where: { id: { in: ids }, firmwareId: packageId } })).toBe(2);
    expect((await getCampaign(created.body.id)).counts).toMatchObject({ SUCCEEDED: 2 });

    const gone = await h.call<{ error: { details: { path: string[]; message: string }[] } }>(
      "POST",
      "/api/v1/ota-campaigns",
      {
        cookie: admin.cookie,
        body: { name: "Unknown filter", packageId, target: { savedFilterId: "00000000-0000-4000-8000-000000000000" } },
      },
    );
    expect(gone.status).toBe(422);
    expect(gone.body.error.details).toEqual([
      { path: ["target", "savedFilterId"], message: "No such saved device filter" },
    ]);
  }, 120_000);

  it("refuses a campaign over devices another campaign still updates (409) and an empty target (422)", async () => {
    const { profileId, packageId } = await fleetOf("busy", 2);
    const body = { name: "Busy", packageId, target: { deviceProfileId: profileId } };
    const first = await h.call<Campaign>("POST", "/api/v1/ota-campaigns", { cookie: admin.cookie, body });
    expect(first.status).toBe(201);
    expect((await h.call("POST", "/api/v1/ota-campaigns", { cookie: admin.cookie, body })).status).toBe(409);
    const cancelled = await h.call("POST", `/api/v1/ota-campaigns/${first.body.id}/cancel`, { cookie: admin.cookie });
    expect(cancelled.status).toBe(202);
    const worker = await newWorker();
    expect(await worker.runUntil(env.client.workflow.getHandle(otaCampaignWorkflowId(first.body.id)).result())).toBe(
      "CANCELLED",
    );
    const empty = await h.call("POST", "/api/v1/ota-campaigns", {
      cookie: admin.cookie,
      body: { ...body, target: { filter: { type: "no-such-type" } } },
    });
    expect(empty.status).toBe(422);
  }, 60_000);
});
