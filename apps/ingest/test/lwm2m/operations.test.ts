import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callLwm2mOperation, type Lwm2mOperationRequest } from "@industryos/device-bus";
import { freePort } from "@industryos/devstack";
import { newDevice, startHarness, type Harness } from "../harness.ts";
import { fakeLwm2mClient, type ClientHandler } from "./fake-client.ts";

/**
 * Operations through the Redis channel the API uses, answered by a scripted client in each
 * content format LwM2M defines, and refused in each way a client refuses. (The Leshan client
 * answers in the formats it prefers; test/lwm2m/leshan-client.test.ts.)
 */
let h: Harness;
let subscriber: Redis;
let deviceId: string;
let client: Awaited<ReturnType<typeof fakeLwm2mClient>>;
const writes: Array<{ path: string; format: unknown; payload: string }> = [];

/** One TLV resource entry: 8-bit id, length in the type byte (< 8) or one length byte. */
const tlv = (id: number, value: Buffer) =>
  value.length < 8
    ? Buffer.concat([Buffer.from([0xc0 | value.length, id]), value])
    : Buffer.concat([Buffer.from([0xc8, id, value.length]), value]);

const handler: ClientHandler = (req) => {
  const path = req.url.split("?")[0];
  if (req.method === "PUT") {
    if (path === "/3/0/0") return ["4.05"];
    writes.push({ path: path!, format: req.headers["Content-Format"], payload: req.payload.toString() });
    return ["2.04"];
  }
  switch (path) {
    case "/3/0":
      // Manufacturer, battery level (Integer), current time (Time), available power sources (multiple: 1, 5).
      return [
        "2.05",
        "application/vnd.oma.lwm2m+tlv",
        Buffer.concat([
          tlv(0, Buffer.from("ACME Sensors Ltd")),
          tlv(9, Buffer.from([87])),
          tlv(13, Buffer.from([0x65, 0x4c, 0x2e, 0x00])),
          Buffer.concat([Buffer.from([0x86, 6]), Buffer.from([0x41, 0, 1, 0x41, 1, 5])]),
        ]),
      ];
    case "/3/0/9":
      return ["2.05", "text/plain", Buffer.from("87")];
    case "/3303/0":
      return [
        "2.05",
        "application/senml+json",
        Buffer.from(
          JSON.stringify([
            { bn: "/3303/0/", n: "5700", v: 21.5 },
            { n: "5701", vs: "Cel" },
          ]),
        ),
      ];
    case "/3304/0/5700":
      return [
        "2.05",
        "application/vnd.oma.lwm2m+json",
        Buffer.from(JSON.stringify({ bn: "/3304/0/5700", e: [{ v: 45.5 }] })),
      ];
    case "/5/0/0":
      return ["2.05", "application/octet-stream", Buffer.from([0xde, 0xad, 0xbe, 0xef])];
    case "/3311/0/5850":
      return null; // never answers
    default:
      return ["4.04"];
  }
};

const operate = (request: Omit<Lwm2mOperationRequest, "id" | "timeoutMs"> & { timeoutMs?: number }) =>
  callLwm2mOperation(h.redis, subscriber, deviceId, { timeoutMs: 5_000, ...request });

beforeAll(async () => {
  h = await startHarness({ redisDb: 26, overrides: { LWM2M_PORT: await freePort() } });
  subscriber = h.redis.duplicate();
  const { device } = await newDevice(h);
  deviceId = device.id;
  await h.db.system.deviceCredential.updateMany({
    where: { deviceId },
    data: { type: "LWM2M", credentialsId: "ep-ops" },
  });
  client = await fakeLwm2mClient(h.ingest.ports.lwm2m!, handler);
  expect((await client.register("ep=ep-ops&lt=300&lwm2m=1.1")).code).toBe("2.01");
});
afterAll(async () => {
  await client?.close();
  subscriber?.disconnect();
  await h?.close();
});

describe("LwM2M operations on a registered client", () => {
  it("decodes a TLV object instance by the object's model, multiple resources included", async () => {
    expect(await operate({ operation: "read", path: "/3/0" })).toEqual({
      ok: true,
      code: "2.05",
      contentFormat: 11542,
      values: [
        { path: "/3/0/0", value: "ACME Sensors Ltd" },
        { path: "/3/0/9", value: 87 },
        { path: "/3/0/13", value: 0x654c2e00 },
        { path: "/3/0/6/0", value: 1 },
        { path: "/3/0/6/1", value: 5 },
      ],
    });
  });

  it("decodes plain text, SenML JSON, LwM2M JSON and opaque answers", async () => {
    expect(await operate({ operation: "read", path: "/3/0/9" })).toMatchObject({ contentFormat: 0, value: 87 });
    expect(await operate({ operation: "read", path: "/3303/0" })).toMatchObject({
      contentFormat: 110,
      values: [
        { path: "/3303/0/5700", value: 21.5 },
        { path: "/3303/0/5701", value: "Cel" },
      ],
    });
    expect(await operate({ operation: "read", path: "/3304/0/5700" })).toMatchObject({
      contentFormat: 11543,
      value: 45.5,
    });
    expect(await operate({ operation: "read", path: "/5/0/0" })).toMatchObject({
      contentFormat: 42,
      value: "3q2+7w==",
    });
  });

  it("writes a value as text typed by the resource's model, and refuses one of the wrong type before sending it", async () => {
    expect(await operate({ operation: "write", path: "/3/0/14", value: "+01:00" })).toEqual({ ok: true, code: "2.04" });
    expect(await operate({ operation: "write", path: "/3306/0/5850", value: true })).toEqual({
      ok: true,
      code: "2.04",
    });
    expect(writes).toEqual([
      { path: "/3/0/14", format: "text/plain", payload: "+01:00" },
      { path: "/3306/0/5850", format: "text/plain", payload: "1" },
    ]);
    expect(await operate({ operation: "write", path: "/3/0/9", value: "full" })).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      message: "Battery Level takes a whole number",
    });
    expect(writes).toHaveLength(2);
  });

  it("answers the client's refusals and its silence in words", async () => {
    expect(await operate({ operation: "write", path: "/3/0/0", value: "Other" })).toMatchObject({
      ok: false,
      code: "4.05",
      message: "The client does not allow this operation on this path",
    });
    expect(await operate({ operation: "read", path: "/3/0/99" })).toMatchObject({
      ok: false,
      code: "4.04",
      message: "The client has no such object, instance or resource",
    });
    expect(await operate({ operation: "read", path: "/3311/0/5850", timeoutMs: 500 })).toEqual({
      ok: false,
      code: "TIMEOUT",
      message: "The client did not answer within 500 ms",
    });
  });
});
