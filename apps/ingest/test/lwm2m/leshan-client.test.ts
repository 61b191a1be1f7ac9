import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseRpcSubscriber } from "@industryos/api";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { freePort } from "@industryos/devstack";
import { createLogger } from "@industryos/runtime";
import { startIngestFromConfig, type IngestWithDatabase } from "../../src/app.ts";
import { testIngestConfig } from "../harness.ts";
import { buildLeshanClient, startLeshanClient, type LeshanClient } from "../../src/testing/leshan-client.ts";

/**
 * A real LwM2M client nobody here wrote, Eclipse Leshan's (test/lwm2m/leshan-client/), registers
 * with ingest's LwM2M server and is operated through the platform API, as the console does.
 */
const REDIS_DB = 25;
const ENDPOINT = "leshan-e2e-1";

let api: ApiHarness;
let redis: Redis;
let ingest: IngestWithDatabase;
let client: LeshanClient;
let cookie: string;
let deviceId: string;

type Answer = { path: string; code: string; value?: unknown; values?: Array<{ path: string; value: unknown }> };

const operate = <T = Answer>(operation: string, body: object) =>
  api.call<T>("POST", `/api/v1/devices/${deviceId}/lwm2m/${operation}`, { cookie, body });

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  const classpath = buildLeshanClient();
  const redisUrl = `${process.env.REDIS_URL}/${REDIS_DB}`;
  redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  // The API and ingest share the database and the Redis database, as in production.
  api = await startApiHarness({ redis });
  ({ cookie } = await api.signup("lwm2m-e2e"));
  deviceId = (await api.call<{ id: string }>("POST", "/api/v1/devices", { cookie, body: { name: "Boiler room" } })).body
    .id;
  const credentials = await api.call("PUT", `/api/v1/devices/${deviceId}/credentials`, {
    cookie,
    body: { type: "LWM2M", endpoint: ENDPOINT, security: "NO_SEC" },
  });
  expect(credentials.status).toBe(200);
  // The profile's LwM2M mapping, as the console saves it.
  const { deviceProfileId } = await api.deps.db.system.device.findUniqueOrThrow({ where: { id: deviceId } });
  const profile = await api.call("PATCH", `/api/v1/device-profiles/${deviceProfileId}`, {
    cookie,
    body: {
      lwm2m: {
        observe: ["/3303/0/5700"],
        telemetry: { "/3303/0/5700": "temperature" },
        attributes: { "/3/0/0": "manufacturer" },
      },
    },
  });
  expect(profile.status).toBe(200);
  ingest = await startIngestFromConfig(
    testIngestConfig(redisUrl, { LWM2M_PORT: await freePort() }),
    { app: api.database.appUrl, system: api.database.systemUrl },
    createLogger("ingest-test", "warn"),
  );
  client = startLeshanClient(classpath, ingest.ports.lwm2m!, ENDPOINT);
  await client.waitFor(/^REGISTERED /);
}, 300_000);

afterAll(async () => {
  await client?.stop();
  await ingest?.close();
  if (redis) releaseRpcSubscriber(redis);
  await api?.close();
  redis?.disconnect();
});

describe("a Leshan LwM2M client", () => {
  it("shows up as the device's registration", async () => {
    const registration = await api.call<{ endpoint: string; objects: Array<{ path: string; name?: string }> }>(
      "GET",
      `/api/v1/devices/${deviceId}/lwm2m`,
      { cookie },
    );
    expect(registration.status).toBe(200);
    expect(registration.body).toMatchObject({ endpoint: ENDPOINT, lifetime: 300, binding: "U" });
    expect(registration.body.objects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "/3/0", name: "Device" }),
        expect.objectContaining({ path: "/3303/0", name: "Temperature" }),
      ]),
    );
  });

  it("answers a read of its manufacturer, which the profile also made the device's attribute", async () => {
    const read = await operate("read", { path: "/3/0/0" });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ path: "/3/0/0", code: "2.05", value: "IndustryOS Test Works" });
    const attributes = await eventually(
      async () =>
        (
          await api.call<Array<{ key: string; value: unknown }>>(
            "GET",
            `/api/v1/devices/${deviceId}/attributes?scope=CLIENT`,
            {
              cookie,
            },
          )
        ).body,
      (list) => list.some((a) => a.key === "manufacturer"),
    );
    expect(attributes).toContainEqual(expect.objectContaining({ key: "manufacturer", value: "IndustryOS Test Works" }));
  });

  it("reads a whole object instance, typed by the object's model", async () => {
    const read = await operate("read", { path: "/3/0" });
    expect(read.status).toBe(200);
    expect(read.body.values).toEqual(
      expect.arrayContaining([
        { path: "/3/0/0", value: "IndustryOS Test Works" },
        { path: "/3/0/2", value: "SN-0001" },
        { path: "/3/0/16", value: "U" },
      ]),
    );
  });

  it("takes a write to a writable resource, which reads back changed", async () => {
    const write = await operate("write", { path: "/3/0/14", value: "+05:30" });
    expect(write.status).toBe(200);
    expect(write.body).toMatchObject({ code: "2.04" });
    await client.waitFor(/^WRITE 14 \+05:30$/);
    expect((await operate("read", { path: "/3/0/14" })).body).toMatchObject({ value: "+05:30" });
  });

  it("refuses in words what the client refuses: a read-only resource, a missing one", async () => {
    const readOnly = await operate<{ error: { message: string } }>("write", { path: "/3/0/0", value: "Other Works" });
    expect(readOnly.status).toBe(405);
    expect(readOnly.body.error.message).toMatch(/does not allow this operation/);
    const missing = await operate<{ error: { message: string } }>("read", { path: "/3/0/99" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/no such object, instance or resource/);
  });

  it("executes a reboot on the client", async () => {
    const execute = await operate("execute", { path: "/3/0/4" });
    expect(execute.status).toBe(200);
    expect(execute.body).toMatchObject({ code: "2.04" });
    await client.waitFor(/^REBOOT$/, 10_000);
  });

  it("discovers an object's resources", async () => {
    const discover = await operate<{ links: Array<{ path: string }> }>("discover", { path: "/3303" });
    expect(discover.status).toBe(200);
    expect(discover.body.links.map((link) => link.path)).toEqual(expect.arrayContaining(["/3303/0/5700"]));
  });

  it("reports the observed temperature as telemetry, value after value, until the observation is cancelled", async () => {
    type Latest = Record<string, { ts: number; value: unknown }>;
    const latest = async () =>
      (await api.call<Latest>("GET", `/api/v1/devices/${deviceId}/telemetry/latest?keys=temperature`, { cookie })).body;
    const first = await eventually(latest, (l) => l.temperature !== undefined);
    expect(typeof first.temperature?.value).toBe("number");
    // The client's temperature rises every 500 ms: later notifications arrive as newer values.
    const later = await eventually(latest, (l) => (l.temperature?.ts ?? 0) > first.temperature!.ts);
    expect(later.temperature!.value as number).toBeGreaterThan(first.temperature!.value as number);

    expect((await operate("cancel-observe", { path: "/3303/0/5700" })).status).toBe(200);
    const again = await operate<{ error: { message: string } }>("cancel-observe", { path: "/3303/0/5700" });
    expect(again.status).toBe(404);
  });

  it("is no longer registered once it deregisters", async () => {
    await client.stop();
    const gone = await eventually(
      () => api.call("GET", `/api/v1/devices/${deviceId}/lwm2m`, { cookie }),
      (r) => r.status === 404,
      10_000,
    );
    expect(gone.status).toBe(404);
    expect((await operate("read", { path: "/3/0/0" })).status).toBe(409);
  });
});
