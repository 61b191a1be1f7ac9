import { DEVICE_PROFILES_CHANGED_CHANNEL } from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
let apiKey: string;

beforeAll(async () => {
  h = await startApiHarness();
  const admin = await h.signup("payloads");
  apiKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body: { name: "ci" } }))
    .body.key;
});
afterAll(async () => {
  await h?.close();
});

const TELEMETRY = `syntax = "proto3";
package telemetry;
message SensorDataReading {
  optional double temperature = 1;
  int64 uptime = 2;
}`;

interface Profile {
  id: string;
  transportConfig: Record<string, unknown>;
}
type ErrorBody = { error: { code: string; message: string; details?: { path: string[]; message: string }[] } };

describe("device profile payload type", () => {
  it("saves a PROTOBUF profile whose schemas compile, and reads it back", async () => {
    const created = await h.call<Profile>("POST", "/api/v1/device-profiles", {
      apiKey,
      body: { name: "Protobuf sensors", transportConfig: { payloadType: "PROTOBUF", telemetryProto: TELEMETRY } },
    });
    expect(created.status).toBe(201);
    expect(created.body.transportConfig).toEqual({ payloadType: "PROTOBUF", telemetryProto: TELEMETRY });
    const read = await h.call<Profile>("GET", `/api/v1/device-profiles/${created.body.id}`, { apiKey });
    expect(read.body.transportConfig).toEqual({ payloadType: "PROTOBUF", telemetryProto: TELEMETRY });
    // A profile that never chose is JSON.
    const plain = await h.call<Profile>("POST", "/api/v1/device-profiles", { apiKey, body: { name: "Plain" } });
    expect(plain.body.transportConfig).toEqual({ payloadType: "JSON" });
  });

  it("refuses a schema that does not compile with 400 and the compiler's message at its field", async () => {
    const refused = await h.call<ErrorBody>("POST", "/api/v1/device-profiles", {
      apiKey,
      body: {
        name: "Broken schema",
        transportConfig: {
          payloadType: "PROTOBUF",
          telemetryProto: `syntax = "proto3";\nmessage A {\n  double t = 1\n}`,
          attributesProto: `syntax = "proto3"; message B { Missing m = 1; }`,
        },
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("BAD_REQUEST");
    expect(refused.body.error.details).toEqual([
      { path: ["transportConfig", "telemetryProto"], message: "illegal token '}', ';' expected (line 4)" },
      { path: ["transportConfig", "attributesProto"], message: "no such Type or Enum 'Missing' in Type .B" },
    ]);
    const list = await h.call<{ data: { name: string }[] }>("GET", "/api/v1/device-profiles?search=Broken", { apiKey });
    expect(list.body.data).toEqual([]);
  });

  it("refuses a broken schema on update and keeps the saved one; switching to JSON drops the schemas", async () => {
    const { body: profile } = await h.call<Profile>("POST", "/api/v1/device-profiles", {
      apiKey,
      body: { name: "Switching", transportConfig: { payloadType: "PROTOBUF", telemetryProto: TELEMETRY } },
    });
    const refused = await h.call<ErrorBody>("PATCH", `/api/v1/device-profiles/${profile.id}`, {
      apiKey,
      body: { transportConfig: { payloadType: "PROTOBUF", telemetryProto: TELEMETRY, telemetryMessage: "Nope" } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { path: ["transportConfig", "telemetryMessage"], message: "the schema declares no message Nope" },
    ]);
    const kept = await h.call<Profile>("GET", `/api/v1/device-profiles/${profile.id}`, { apiKey });
    expect(kept.body.transportConfig).toEqual({ payloadType: "PROTOBUF", telemetryProto: TELEMETRY });

    const json = await h.call<Profile>("PATCH", `/api/v1/device-profiles/${profile.id}`, {
      apiKey,
      body: { transportConfig: { payloadType: "JSON" } },
    });
    expect(json.status).toBe(200);
    expect(json.body.transportConfig).toEqual({ payloadType: "JSON" });
  });

  it("keeps transport settings stored beside the payload's", async () => {
    const { body: profile } = await h.call<Profile>("POST", "/api/v1/device-profiles", {
      apiKey,
      body: { name: "Other" },
    });
    const system = h.deps.db.system;
    await system.deviceProfile.update({ where: { id: profile.id }, data: { transportConfig: { lwm2m: { x: 1 } } } });
    await h.call("PATCH", `/api/v1/device-profiles/${profile.id}`, {
      apiKey,
      body: { transportConfig: { payloadType: "PROTOBUF", telemetryProto: TELEMETRY } },
    });
    const row = await system.deviceProfile.findUniqueOrThrow({ where: { id: profile.id } });
    expect(row.transportConfig).toEqual({ lwm2m: { x: 1 }, payloadType: "PROTOBUF", telemetryProto: TELEMETRY });
  });

  it("announces a device moving to another profile, so ingest decodes its payloads with the new one", async () => {
    const { body: from } = await h.call<Profile>("POST", "/api/v1/device-profiles", { apiKey, body: { name: "From" } });
    const { body: to } = await h.call<Profile>("POST", "/api/v1/device-profiles", {
      apiKey,
      body: { name: "To", transportConfig: { payloadType: "PROTOBUF", telemetryProto: TELEMETRY } },
    });
    const { body: device } = await h.call<{ id: string }>("POST", "/api/v1/devices", {
      apiKey,
      body: { name: "mover", profileId: from.id },
    });
    const listener = new Redis(process.env.REDIS_URL!);
    try {
      const changes: unknown[] = [];
      listener.on("message", (_channel: string, message: string) => changes.push(JSON.parse(message)));
      await listener.subscribe(DEVICE_PROFILES_CHANGED_CHANNEL);
      expect(
        (await h.call("PATCH", `/api/v1/devices/${device.id}`, { apiKey, body: { profileId: to.id } })).status,
      ).toBe(200);
      await expect
        .poll(() => changes, { timeout: 5000 })
        .toContainEqual(expect.objectContaining({ deviceProfileId: to.id, deviceId: device.id }));
    } finally {
      listener.disconnect();
    }
  });
});
