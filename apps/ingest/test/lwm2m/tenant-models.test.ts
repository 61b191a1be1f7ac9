import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { createDevice, createTenant } from "@industryos/db/testing";
import { callLwm2mOperation, readLwm2mRegistration } from "@industryos/device-bus";
import { freePort } from "@industryos/devstack";
import { startHarness, waitFor, type Harness } from "../harness.ts";
import { fakeLwm2mClient, type ClientHandler } from "./fake-client.ts";

/**
 * A tenant's uploaded object models (Lwm2mObjectModel, as POST /api/v1/lwm2m/models stores them)
 * type its clients' values: an object only the upload describes becomes typed telemetry and
 * attributes, and an upload replacing a bundled object changes it for that tenant only. Both
 * tenants' clients answer the same bytes.
 */
let h: Harness;
let subscriber: Redis;
let otherTenantId: string;
const clients: Array<Awaited<ReturnType<typeof fakeLwm2mClient>>> = [];

const ddf = (objectId: number, name: string, items: string) => `<?xml version="1.0" encoding="utf-8"?>
<LWM2M><Object ObjectType="MODefinition"><Name>${name}</Name><ObjectID>${objectId}</ObjectID>
<ObjectVersion>1.0</ObjectVersion><MultipleInstances>Multiple</MultipleInstances><Mandatory>Optional</Mandatory>
<Resources>${items}</Resources></Object></LWM2M>`;
const item = (id: number, name: string, type: string) =>
  `<Item ID="${id}"><Name>${name}</Name><Operations>R</Operations><MultipleInstances>Single</MultipleInstances><Mandatory>Mandatory</Mandatory><Type>${type}</Type><Units></Units></Item>`;

/** One TLV resource entry of a short value (< 8 bytes). */
const tlv = (id: number, value: Buffer) => Buffer.concat([Buffer.from([0xc0 | value.length, id]), value]);
const double = (value: number) => {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(value);
  return bytes;
};

const handler: ClientHandler = (req) => {
  switch (req.url.split("?")[0]) {
    case "/10299/0/1":
      return ["2.05", "application/vnd.oma.lwm2m+tlv", Buffer.concat([Buffer.from([0xc8, 1, 8]), double(101.25)])];
    case "/10299/0/2":
      return ["2.05", "application/vnd.oma.lwm2m+tlv", tlv(2, Buffer.from([0x01, 0x2c]))];
    case "/3303/0/5700":
      return ["2.05", "text/plain", Buffer.from("21.5")];
    default:
      return ["4.04"];
  }
};

/** A device of `tenantId` whose profile maps the uploaded object, registered by a scripted client. */
async function registeredDevice(tenantId: string, endpoint: string) {
  const { device } = await createDevice(h.db.system, { tenantId });
  await h.db.system.deviceCredential.updateMany({
    where: { deviceId: device.id },
    data: { type: "LWM2M", credentialsId: endpoint },
  });
  await h.db.system.deviceProfile.update({
    where: { id: device.deviceProfileId },
    data: {
      transportConfig: {
        lwm2m: {
          observe: ["/10299/0/1"],
          telemetry: { "/10299/0/1": "pressure" },
          attributes: { "/10299/0/2": "cycles" },
        },
      },
    },
  });
  const client = await fakeLwm2mClient(h.ingest.ports.lwm2m!, handler);
  clients.push(client);
  expect((await client.register(`ep=${endpoint}&lt=300&lwm2m=1.1`, "</1/0>,</3303/0>,</10299/0>")).code).toBe("2.01");
  return device.id;
}

const latest = (tenantId: string, deviceId: string) =>
  waitFor(async () => (await createTelemetryStore(h.db).latest(tenantId, deviceId, ["pressure"])).pressure);
const attribute = (deviceId: string) =>
  waitFor(() => h.db.system.attribute.findFirst({ where: { entityId: deviceId, key: "cycles" } }));

let mine: string;
let theirs: string;

beforeAll(async () => {
  h = await startHarness({ redisDb: 27, overrides: { LWM2M_PORT: await freePort() } });
  subscriber = h.redis.duplicate();
  otherTenantId = (await createTenant(h.db.system)).id;
  await h.db.system.lwm2mObjectModel.createMany({
    data: [
      {
        tenantId: h.tenantId,
        objectId: 10299,
        name: "Line pressure",
        ddfXml: ddf(10299, "Line pressure", item(1, "Pressure", "Float") + item(2, "Valve cycles", "Integer")),
      },
      {
        tenantId: h.tenantId,
        objectId: 3303,
        name: "Tenant thermometer",
        ddfXml: ddf(3303, "Tenant thermometer", item(5700, "Reading", "String")),
      },
    ],
  });
  mine = await registeredDevice(h.tenantId, "ep-models-mine");
  theirs = await registeredDevice(otherTenantId, "ep-models-theirs");
}, 60_000);
afterAll(async () => {
  for (const client of clients) await client.close();
  subscriber?.disconnect();
  await h?.close();
});

describe("uploaded LwM2M object models", () => {
  it("type an object only the upload describes: observed Float telemetry and an Integer attribute", async () => {
    expect(await latest(h.tenantId, mine)).toMatchObject({ value: { type: "DOUBLE", value: 101.25 } });
    expect(await attribute(mine)).toMatchObject({ scope: "CLIENT", longValue: 300n });
  });

  it("are the uploading tenant's only: the other tenant's client is read without them", async () => {
    // No model: the bytes are kept as they came (base64), not guessed at.
    expect(await latest(otherTenantId, theirs)).toMatchObject({
      value: { type: "STRING", value: double(101.25).toString("base64") },
    });
    expect(await attribute(theirs)).toMatchObject({ stringValue: Buffer.from([0x01, 0x2c]).toString("base64") });
  });

  it("replace a bundled object for the uploading tenant only", async () => {
    const read = (deviceId: string) =>
      callLwm2mOperation(h.redis, subscriber, deviceId, { operation: "read", path: "/3303/0/5700", timeoutMs: 5_000 });
    expect(await read(mine)).toMatchObject({ ok: true, value: "21.5" });
    expect(await read(theirs)).toMatchObject({ ok: true, value: 21.5 });
    const names = async (deviceId: string) =>
      (await readLwm2mRegistration(h.redis, deviceId))?.objects.map((o) => `${o.path} ${o.name ?? ""}`.trim());
    expect(await names(mine)).toEqual(["/1/0 LwM2M Server", "/3303/0 Tenant thermometer", "/10299/0 Line pressure"]);
    expect(await names(theirs)).toEqual(["/1/0 LwM2M Server", "/3303/0 Temperature", "/10299/0"]);
  });
});
