import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import mqtt from "mqtt";
import { bundleWorkflowCode, Worker } from "@temporalio/worker";
import type { TestWorkflowEnvironment } from "@temporalio/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseRpcSubscriber } from "@industryos/api";
import { startApiHarness, uploadOtaPackage, type ApiHarness } from "@industryos/api/testing";
import { freePort } from "@industryos/devstack";
import { startIngestFromConfig } from "@industryos/ingest";
import { buildLeshanClient, startLeshanClient, testIngestConfig, type LeshanClient } from "@industryos/ingest/testing";
import { createLogger } from "@industryos/runtime";
import { otaCampaignWorkflowId } from "@industryos/temporal-client/workflows/ota";
import { createActivities } from "../src/temporal/activities.ts";
import { workflowsPath } from "../src/temporal/worker.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { createTimeSkippingEnvironment, INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/**
 * An OTA campaign over LwM2M devices, end to end: the campaign's Temporal workflow gives the devices
 * of an LwM2M profile an uploaded package, the real ingest's LwM2M server hands it to Eclipse
 * Leshan's client through object 5, and the campaign counts what the client's State and Update
 * Result make of the device's fw_state. An MQTT device of the same profile takes the same campaign
 * over v2/fw. (Campaign logic on a simulated fleet: ota-campaign.test.ts; object 5 on its own:
 * apps/ingest/test/lwm2m/leshan-firmware.test.ts.)
 */
const REDIS_DB = 35;
const TASK_QUEUE = "ota-campaign-lwm2m-test";

let env: TestWorkflowEnvironment;
let workflowBundle: { code: string };
let api: ApiHarness;
let redis: Redis;
let ingest: Awaited<ReturnType<typeof startIngestFromConfig>>;
let classpath: string;
let cookie: string;
const clients: LeshanClient[] = [];
const dir = mkdtempSync(join(tmpdir(), "ota-campaign-lwm2m-"));

beforeAll(async () => {
  quietTemporalLogs();
  classpath = buildLeshanClient();
  const redisUrl = `${process.env.REDIS_URL}/${REDIS_DB}`;
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  [env, workflowBundle] = await Promise.all([createTimeSkippingEnvironment(), bundleWorkflowCode({ workflowsPath })]);
  // The API (which starts the campaign), ingest and the workflow's activities share the database and Redis.
  api = await startApiHarness({
    redis,
    temporal: { taskQueue: TASK_QUEUE, get: async () => env.client, close: async () => {} },
  });
  ({ cookie } = await api.signup("ota-campaign-lwm2m"));
  ingest = await startIngestFromConfig(
    testIngestConfig(redisUrl, { LWM2M_PORT: await freePort() }),
    { app: api.database.appUrl, system: api.database.systemUrl },
    createLogger("ingest-test", "warn"),
  );
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  for (const client of clients) await client.stop();
  await ingest?.close();
  if (redis) releaseRpcSubscriber(redis);
  await api?.close();
  redis?.disconnect();
  await env?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

const post = async <T>(path: string, body: unknown) => {
  const answer = await api.call<T>("POST", path, { cookie, body });
  expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  return answer.body;
};

/** A device profile with an LwM2M mapping, as the console saves one. */
const lwm2mProfile = (name: string) =>
  post<{ id: string }>("/api/v1/device-profiles", {
    name,
    lwm2m: { observe: ["/3/0/0"], telemetry: {}, attributes: { "/3/0/0": "manufacturer" } },
  });

/** A device of the profile with LwM2M credentials for `endpoint`. */
async function lwm2mDevice(profileId: string, endpoint: string) {
  const { id } = await post<{ id: string }>("/api/v1/devices", { name: endpoint, profileId });
  const credentials = await api.call("PUT", `/api/v1/devices/${id}/credentials`, {
    cookie,
    body: { type: "LWM2M", endpoint, security: "NO_SEC" },
  });
  expect(credentials.status).toBe(200);
  return id;
}

/**
 * A Leshan client registered as `endpoint`, its object 5 saving the package to `file` and ending
 * its Update with `updateResult`.
 */
async function leshanClient(endpoint: string, file: string, updateResult = 1) {
  const client = startLeshanClient(classpath, ingest.ports.lwm2m!, endpoint, 300, { file, updateResult });
  clients.push(client);
  await client.waitFor(/^REGISTERED /);
  return client;
}

/** A device of the profile registered by a Leshan client. */
async function leshanDevice(profileId: string, endpoint: string, updateResult = 1) {
  const id = await lwm2mDevice(profileId, endpoint);
  const file = join(dir, `${endpoint}.bin`);
  return { id, file, client: await leshanClient(endpoint, file, updateResult) };
}

/**
 * A device of the profile on MQTT doing what ThingsBoard's SDK does when fw_title is pushed to it:
 * fetch the package whole over v2/fw, then report UPDATED. `received` is the package it got.
 */
async function mqttDevice(profileId: string, name: string) {
  const { id } = await post<{ id: string }>("/api/v1/devices", { name, profileId });
  const { accessToken } = (
    await api.call<{ accessToken: string }>("GET", `/api/v1/devices/${id}/credentials`, { cookie })
  ).body;
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.ports.mqtt}`, {
    username: accessToken,
    reconnectPeriod: 0,
  });
  await client.subscribeAsync(["v1/devices/me/attributes", "v2/fw/response/1/chunk/0"], { qos: 1 });
  let pushed: Record<string, unknown> = {};
  const received = new Promise<Buffer>((resolve, reject) => {
    client.on("message", (topic, payload) => {
      if (topic === "v1/devices/me/attributes") {
        pushed = JSON.parse(payload.toString()) as Record<string, unknown>;
        if (typeof pushed.fw_title === "string") client.publishAsync("v2/fw/request/1/chunk/0", "").catch(reject);
        return;
      }
      const values = {
        fw_state: "UPDATED",
        current_fw_title: String(pushed.fw_title),
        current_fw_version: String(pushed.fw_version),
      };
      client
        .publishAsync("v1/devices/me/telemetry", JSON.stringify(values), { qos: 1 })
        .then(() => resolve(payload), reject);
    });
  });
  return { id, received, close: () => client.endAsync() };
}

/** Workers without a workflow cache, as ota-campaign.test.ts runs them. */
const newWorker = () =>
  Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    activities: createActivities({
      devices: new InMemoryDeviceStore(),
      ota: { db: api.deps.db, redis: api.deps.redis },
    }),
    workflowBundle,
    maxCachedWorkflows: 0,
  });

/** Waits in real time until each device's OTA status (what ingest records from its fw_state) is `state`. */
async function statusesReach(deviceIds: string[], state: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await api.deps.db.system.deviceOtaStatus.findMany({
      where: { deviceId: { in: deviceIds }, type: "FIRMWARE" },
    });
    if (statuses.length === deviceIds.length && statuses.every((s) => s.state === state)) return;
    if (Date.now() > deadline)
      throw new Error(`OTA statuses not ${state} in time: ${JSON.stringify(statuses.map((s) => s.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Runs the campaign's workflow until it ends. The test server's clock is held while the devices
 * update in real time; only once ingest has recorded every device's outcome does awaiting the result
 * let it skip ahead to the next look, so no device can time out on a skipped clock.
 */
async function runCampaign(campaignId: string, settled: () => Promise<unknown>) {
  const worker = await newWorker();
  return worker.runUntil(async () => {
    await settled();
    return env.client.workflow.getHandle(otaCampaignWorkflowId(campaignId)).result();
  });
}

interface Campaign {
  status: string;
  counts: Record<string, number>;
  progress: number;
  failing: { deviceId: string; state: string; lastFwState: string | null; error: string | null }[];
}
const campaignOf = async (id: string) =>
  (await api.call<Campaign>("GET", `/api/v1/ota-campaigns/${id}`, { cookie })).body;
const campaignDevices = async (id: string) =>
  (
    await api.call<{ data: { deviceId: string; state: string; lastFwState: string | null }[] }>(
      "GET",
      `/api/v1/ota-campaigns/${id}/devices`,
      { cookie },
    )
  ).body.data;

describe("an OTA campaign over LwM2M devices", () => {
  it("takes a Leshan client and an MQTT device of an LwM2M profile to UPDATED with the uploaded package", async () => {
    const profile = await lwm2mProfile("Valves");
    // Many CoAP blocks: the client pulls it block-wise from the Package URI.
    const image = randomBytes(40_000 + 123);
    const packageId = await uploadOtaPackage(api, cookie, { title: "valve-fw", version: "3.0.0" }, image);
    const leshan = await leshanDevice(profile.id, "campaign-valve-1");
    const mqttValve = await mqttDevice(profile.id, "campaign-valve-2");

    const campaign = await post<{ id: string; total: number }>("/api/v1/ota-campaigns", {
      name: "Valves to 3.0.0",
      packageId,
      target: { deviceProfileId: profile.id },
    });
    expect(campaign.total).toBe(2);
    const outcome = await runCampaign(campaign.id, async () => {
      await leshan.client.waitFor(/^FIRMWARE UPDATED$/, 60_000);
      await mqttValve.received;
      await statusesReach([leshan.id, mqttValve.id], "UPDATED");
    });
    await mqttValve.close();
    expect(outcome).toBe("COMPLETED");

    const sha256 = createHash("sha256").update(image).digest("hex");
    expect(await leshan.client.waitFor(/^FIRMWARE DOWNLOADED /)).toBe(`FIRMWARE DOWNLOADED ${image.length} ${sha256}`);
    expect(readFileSync(leshan.file).equals(image)).toBe(true);
    expect((await mqttValve.received).equals(image)).toBe(true);
    const ota = await api.call<{ firmware: { state: string; current: { title: string; version: string } } }>(
      "GET",
      `/api/v1/devices/${leshan.id}/ota`,
      { cookie },
    );
    expect(ota.body.firmware).toMatchObject({ state: "UPDATED", current: { title: "valve-fw", version: "3.0.0" } });

    expect(await campaignOf(campaign.id)).toMatchObject({
      status: "COMPLETED",
      progress: 100,
      counts: { SUCCEEDED: 2, FAILED: 0, TIMED_OUT: 0, IN_PROGRESS: 0, PENDING: 0 },
      failing: [],
    });
    expect(await campaignDevices(campaign.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ deviceId: leshan.id, state: "SUCCEEDED", lastFwState: "UPDATED" }),
        expect.objectContaining({ deviceId: mqttValve.id, state: "SUCCEEDED", lastFwState: "UPDATED" }),
      ]),
    );
  }, 180_000);

  it("counts a Leshan client whose update fails as failed, with the Update Result's meaning", async () => {
    const profile = await lwm2mProfile("Pumps");
    const packageId = await uploadOtaPackage(api, cookie, { title: "pump-fw", version: "4.1.0" }, randomBytes(2_500));
    // Update Result 8: the client downloads the package and then fails to apply it.
    const leshan = await leshanDevice(profile.id, "campaign-pump-1", 8);
    const campaign = await post<{ id: string }>("/api/v1/ota-campaigns", {
      name: "Pumps to 4.1.0",
      packageId,
      target: { deviceProfileId: profile.id },
      // One failure must not stop the campaign here: it is counted, and the campaign ends.
      failureThresholdPercent: 100,
    });
    const outcome = await runCampaign(campaign.id, async () => {
      await leshan.client.waitFor(/^FIRMWARE UPDATE FAILED 8$/, 60_000);
      await statusesReach([leshan.id], "FAILED");
    });
    expect(outcome).toBe("COMPLETED");
    expect(await campaignOf(campaign.id)).toMatchObject({
      status: "COMPLETED",
      progress: 100,
      counts: { SUCCEEDED: 0, FAILED: 1, TIMED_OUT: 0, IN_PROGRESS: 0 },
      failing: [
        {
          deviceId: leshan.id,
          state: "FAILED",
          lastFwState: "FAILED",
          error: "Update Result 8: firmware update failed",
        },
      ],
    });
  }, 180_000);

  it("gives a device that failed the package in one campaign another try in the next", async () => {
    const profile = await lwm2mProfile("Meters");
    const image = randomBytes(3_000 + 33);
    const packageId = await uploadOtaPackage(api, cookie, { title: "meter-fw", version: "1.2.0" }, image);
    const failing = await leshanDevice(profile.id, "campaign-meter-1", 8);
    const body = { packageId, target: { deviceProfileId: profile.id }, failureThresholdPercent: 100 };
    const first = await post<{ id: string }>("/api/v1/ota-campaigns", { name: "Meters, first try", ...body });
    await runCampaign(first.id, async () => {
      await failing.client.waitFor(/^FIRMWARE UPDATE FAILED 8$/, 60_000);
      await statusesReach([failing.id], "FAILED");
    });
    expect((await campaignOf(first.id)).counts).toMatchObject({ SUCCEEDED: 0, FAILED: 1 });

    // The device is mended and comes back under the same endpoint; a second campaign over it tries again.
    await failing.client.stop();
    const file = join(dir, "campaign-meter-1-again.bin");
    const mended = await leshanClient("campaign-meter-1", file);
    const second = await post<{ id: string }>("/api/v1/ota-campaigns", { name: "Meters, second try", ...body });
    const outcome = await runCampaign(second.id, async () => {
      await mended.waitFor(/^FIRMWARE UPDATED$/, 60_000);
      await statusesReach([failing.id], "UPDATED");
    });
    expect(outcome).toBe("COMPLETED");
    expect(readFileSync(file).equals(image)).toBe(true);
    expect(await campaignOf(second.id)).toMatchObject({
      status: "COMPLETED",
      counts: { SUCCEEDED: 1, FAILED: 0 },
      failing: [],
    });
    // The first campaign's record of the failure stays.
    expect((await campaignOf(first.id)).failing).toEqual([
      expect.objectContaining({ deviceId: failing.id, error: "Update Result 8: firmware update failed" }),
    ]);
  }, 240_000);
});
