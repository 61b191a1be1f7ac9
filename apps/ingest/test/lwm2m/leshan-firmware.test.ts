import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseRpcSubscriber } from "@industryos/api";
import { startApiHarness, uploadOtaPackage, type ApiHarness } from "@industryos/api/testing";
import { freePort } from "@industryos/devstack";
import { createLogger } from "@industryos/runtime";
import { startIngestFromConfig, type IngestWithDatabase } from "../../src/app.ts";
import { testIngestConfig } from "../harness.ts";
import { buildLeshanClient, startLeshanClient, type LeshanClient } from "../../src/testing/leshan-client.ts";

/**
 * Firmware through object 5: an OTA package assigned to an LwM2M device through the API reaches
 * Eclipse Leshan's client (its Firmware Update object in test/lwm2m/leshan-client/TestFirmware.java)
 * as a Package URI it pulls over CoAP block-wise, Update is executed once it is Downloaded, and the
 * device's OTA status follows State and Update Result to UPDATED, as other transports' devices report it.
 */
const REDIS_DB = 28;

let api: ApiHarness;
let redis: Redis;
let ingest: IngestWithDatabase;
let cookie: string;
let classpath: string;
const clients: LeshanClient[] = [];
const dir = mkdtempSync(join(tmpdir(), "lwm2m-firmware-"));

type Ota = {
  firmware: { state: string | null; error: string | null; current: { title: string | null; version: string | null } };
};

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const uploadPackage = (title: string, version: string, bytes: Buffer) =>
  uploadOtaPackage(api, cookie, { title, version }, bytes);

async function lwm2mDevice(name: string, endpoint: string): Promise<string> {
  const id = (await api.call<{ id: string }>("POST", "/api/v1/devices", { cookie, body: { name } })).body.id;
  const credentials = await api.call("PUT", `/api/v1/devices/${id}/credentials`, {
    cookie,
    body: { type: "LWM2M", endpoint, security: "NO_SEC" },
  });
  expect(credentials.status).toBe(200);
  return id;
}

function client(endpoint: string, file: string, updateResult = 1, pushOnly = false): LeshanClient {
  const started = startLeshanClient(classpath, ingest.ports.lwm2m!, endpoint, 300, { file, updateResult, pushOnly });
  clients.push(started);
  return started;
}

const otaOf = async (deviceId: string) =>
  (await api.call<Ota>("GET", `/api/v1/devices/${deviceId}/ota`, { cookie })).body.firmware;

/** The fw_state values the device's telemetry went through, oldest first. */
async function statesOf(deviceId: string): Promise<string[]> {
  const history = await api.call<Record<string, Array<{ ts: number; value: string }>>>(
    "GET",
    `/api/v1/devices/${deviceId}/telemetry?keys=fw_state&order=asc`,
    { cookie },
  );
  return (history.body.fw_state ?? []).map((point) => point.value);
}

beforeAll(async () => {
  classpath = buildLeshanClient();
  const redisUrl = `${process.env.REDIS_URL}/${REDIS_DB}`;
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  // The API and ingest share the database and the Redis database, as in production.
  api = await startApiHarness({ redis });
  ({ cookie } = await api.signup("lwm2m-firmware"));
  ingest = await startIngestFromConfig(
    testIngestConfig(redisUrl, { LWM2M_PORT: await freePort() }),
    { app: api.database.appUrl, system: api.database.systemUrl },
    createLogger("ingest-test", "warn"),
  );
}, 300_000);

afterAll(async () => {
  for (const started of clients) await started.stop();
  await ingest?.close();
  if (redis) releaseRpcSubscriber(redis);
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("firmware through object 5", () => {
  it("delivers a package assigned to a registered device by Package URI and ends UPDATED", async () => {
    // Over one CoAP block many times: the download is block-wise.
    const image = randomBytes(48_000 + 321);
    const packageId = await uploadPackage("valve-fw", "2.0.0", image);
    const deviceId = await lwm2mDevice("Valve 1", "leshan-fw-1");
    const file = join(dir, "valve.bin");
    const leshan = client("leshan-fw-1", file);
    await leshan.waitFor(/^REGISTERED /);

    const assigned = await api.call("PATCH", `/api/v1/devices/${deviceId}`, {
      cookie,
      body: { firmwareId: packageId },
    });
    expect(assigned.status).toBe(200);
    const uri = await leshan.waitFor(/^FIRMWARE URI /);
    // An unguessable link to this server's CoAP resource, not the device's or package's id.
    expect(uri).toMatch(/^FIRMWARE URI coap:\/\/127\.0\.0\.1:\d+\/fw\/[A-Za-z0-9_-]{43}$/);
    expect(uri).not.toContain(packageId);
    const sha256 = createHash("sha256").update(image).digest("hex");
    expect(await leshan.waitFor(/^FIRMWARE DOWNLOADED /)).toBe(`FIRMWARE DOWNLOADED ${image.length} ${sha256}`);
    expect(readFileSync(file).equals(image)).toBe(true);
    await leshan.waitFor(/^FIRMWARE UPDATED$/);

    const ota = await eventually(
      () => otaOf(deviceId),
      (o) => o.state === "UPDATED",
    );
    expect(ota).toMatchObject({ state: "UPDATED", current: { title: "valve-fw", version: "2.0.0" } });
    // In this order; two reported within one millisecond share a timestamp, so the store may keep one of them.
    const states = await statesOf(deviceId);
    const order = ["INITIATED", "DOWNLOADING", "DOWNLOADED", "UPDATING", "UPDATED"];
    expect(states).toEqual(order.filter((state) => states.includes(state)));
    expect(states).toEqual(expect.arrayContaining(["DOWNLOADING", "UPDATED"]));

    // The link is void once another package (here: none) is assigned.
    const link = uri.replace("FIRMWARE URI ", "");
    await api.call("PATCH", `/api/v1/devices/${deviceId}`, { cookie, body: { firmwareId: null } });
    const { request } = await import("coap");
    const code = await new Promise<string>((resolve, reject) => {
      const req = request(link);
      req.on("response", (res: { code: string }) => resolve(res.code));
      req.on("error", reject);
      req.end();
    });
    expect(code).toBe("4.04");
  }, 120_000);

  it("updates a device registering with a package already assigned, and not again once UPDATED", async () => {
    const image = randomBytes(3_000);
    const packageId = await uploadPackage("meter-fw", "1.4.2", image);
    const deviceId = await lwm2mDevice("Meter 1", "leshan-fw-2");
    await api.call("PATCH", `/api/v1/devices/${deviceId}`, { cookie, body: { firmwareId: packageId } });
    const file = join(dir, "meter.bin");
    const first = client("leshan-fw-2", file);
    await first.waitFor(/^FIRMWARE UPDATED$/);
    expect(readFileSync(file).equals(image)).toBe(true);
    await eventually(
      () => otaOf(deviceId),
      (o) => o.state === "UPDATED",
    );
    await first.stop();
    const again = client("leshan-fw-2", join(dir, "meter-again.bin"));
    await again.waitFor(/^REGISTERED /);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(again.lines.some((line) => line.startsWith("FIRMWARE URI"))).toBe(false);
  }, 120_000);

  it("ends FAILED with the Update Result's meaning when the device's update fails", async () => {
    const packageId = await uploadPackage("pump-fw", "3.1.0", randomBytes(2_000));
    const deviceId = await lwm2mDevice("Pump 1", "leshan-fw-3");
    const leshan = client("leshan-fw-3", join(dir, "pump.bin"), 8);
    await leshan.waitFor(/^REGISTERED /);
    await api.call("PATCH", `/api/v1/devices/${deviceId}`, { cookie, body: { firmwareId: packageId } });
    await leshan.waitFor(/^FIRMWARE UPDATE FAILED 8$/);
    const ota = await eventually(
      () => otaOf(deviceId),
      (o) => o.state === "FAILED",
    );
    expect(ota).toMatchObject({ state: "FAILED", error: "Update Result 8: firmware update failed" });
    expect(ota.current.version).toBeNull();
  }, 120_000);

  it("pushes the package block-wise to /5/0/0 for a device that only takes pushes", async () => {
    const image = randomBytes(20_000 + 77);
    const packageId = await uploadPackage("gate-fw", "5.0.1", image);
    const deviceId = await lwm2mDevice("Gate 1", "leshan-fw-4");
    const file = join(dir, "gate.bin");
    const leshan = client("leshan-fw-4", file, 1, true);
    await leshan.waitFor(/^REGISTERED /);
    await api.call("PATCH", `/api/v1/devices/${deviceId}`, { cookie, body: { firmwareId: packageId } });
    await leshan.waitFor(/^FIRMWARE PUSHED$/);
    const sha256 = createHash("sha256").update(image).digest("hex");
    expect(await leshan.waitFor(/^FIRMWARE DOWNLOADED /)).toBe(`FIRMWARE DOWNLOADED ${image.length} ${sha256}`);
    expect(readFileSync(file).equals(image)).toBe(true);
    await leshan.waitFor(/^FIRMWARE UPDATED$/);
    const ota = await eventually(
      () => otaOf(deviceId),
      (o) => o.state === "UPDATED",
    );
    expect(ota).toMatchObject({ state: "UPDATED", current: { title: "gate-fw", version: "5.0.1" } });
    expect(leshan.lines.some((line) => line.startsWith("FIRMWARE URI"))).toBe(false);
  }, 120_000);
});
