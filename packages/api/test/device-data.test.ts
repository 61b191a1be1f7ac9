import { deviceDownlinkChannel, rpcResponseChannel, type DeviceDownlink } from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
let apiKey: string;
let deviceId: string;
// Plays the ingest node holding the device's connection: listens on the real downlink channel.
let ingestSide: Redis;
const downlinks: DeviceDownlink[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  const admin = await h.signup("data");
  apiKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body: { name: "ci" } }))
    .body.key;
  deviceId = (await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey, body: { name: "Thermostat" } })).body
    .id;
  ingestSide = new Redis(process.env.REDIS_URL!);
  ingestSide.on("message", (_channel: string, message: string) => {
    const downlink = JSON.parse(message) as DeviceDownlink;
    downlinks.push(downlink);
    if (downlink.type === "RPC_REQUEST" && downlink.method === "getTemperature") {
      void h.deps.redis.publish(
        rpcResponseChannel(deviceId, downlink.requestId),
        JSON.stringify({ requestId: downlink.requestId, response: { temperature: 21.5 } }),
      );
    }
  });
  await ingestSide.subscribe(deviceDownlinkChannel(deviceId));
});
afterAll(async () => {
  ingestSide?.disconnect();
  await h?.close();
});

describe("device attributes", () => {
  it("saves shared attributes and pushes them to the device", async () => {
    const saved = await h.call<{ key: string; value: unknown; scope: string }[]>(
      "POST",
      `/api/v1/devices/${deviceId}/attributes/SHARED`,
      {
        apiKey,
        body: { targetTemperature: 21.5, mode: "eco", schedule: { mon: [8, 18] } },
      },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.map((a) => [a.key, a.value])).toEqual([
      ["mode", "eco"],
      ["schedule", { mon: [8, 18] }],
      ["targetTemperature", 21.5],
    ]);
    await expect
      .poll(() => downlinks.find((d) => d.type === "SHARED_ATTRIBUTES"))
      .toMatchObject({
        type: "SHARED_ATTRIBUTES",
        deviceId,
        updated: expect.arrayContaining([{ key: "targetTemperature", value: { type: "DOUBLE", value: 21.5 } }]),
      });
  });

  it("keeps server attributes on the server and filters by scope and keys", async () => {
    const before = downlinks.length;
    await h.call("POST", `/api/v1/devices/${deviceId}/attributes/SERVER`, {
      apiKey,
      body: { installedAt: "roof", serial: 12345 },
    });
    const server = await h.call<{ key: string; value: unknown }[]>(
      "GET",
      `/api/v1/devices/${deviceId}/attributes?scope=SERVER&keys=serial`,
      { apiKey },
    );
    expect(server.body).toEqual([{ key: "serial", value: 12345, scope: "SERVER", lastUpdateTs: expect.any(Number) }]);
    const all = await h.call<unknown[]>("GET", `/api/v1/devices/${deviceId}/attributes`, { apiKey });
    expect(all.body).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 100));
    expect(downlinks.length).toBe(before);
  });

  it("refuses client-scope writes and null values", async () => {
    expect(
      (await h.call("POST", `/api/v1/devices/${deviceId}/attributes/CLIENT`, { apiKey, body: { a: 1 } })).status,
    ).toBe(404);
    expect(
      (await h.call("POST", `/api/v1/devices/${deviceId}/attributes/SHARED`, { apiKey, body: { a: null } })).status,
    ).toBe(422);
  });

  it("deletes attributes and tells the device", async () => {
    const result = await h.call("DELETE", `/api/v1/devices/${deviceId}/attributes/SHARED?keys=mode`, { apiKey });
    expect(result.status).toBe(204);
    await expect
      .poll(() => downlinks.some((d) => d.type === "SHARED_ATTRIBUTES" && d.deleted?.includes("mode")))
      .toBe(true);
    const left = await h.call<{ key: string }[]>("GET", `/api/v1/devices/${deviceId}/attributes?scope=SHARED`, {
      apiKey,
    });
    expect(left.body.map((a) => a.key)).toEqual(["schedule", "targetTemperature"]);
  });
});

describe("device RPC", () => {
  it("returns the device's answer to a two-way call", async () => {
    const result = await h.call<{ response: unknown }>("POST", `/api/v1/devices/${deviceId}/rpc`, {
      apiKey,
      body: { method: "getTemperature", params: {} },
    });
    expect(result.status).toBe(200);
    expect(result.body.response).toEqual({ temperature: 21.5 });
  });

  it("answers 504 when the device stays silent, and lists the request", async () => {
    const result = await h.call<{ error: { code: string } }>("POST", `/api/v1/devices/${deviceId}/rpc`, {
      apiKey,
      body: { method: "reboot", timeoutMs: 300 },
    });
    expect(result.status).toBe(504);
    expect(result.body.error.code).toBe("TIMEOUT");
    const history = await h.call<{ data: { method: string; status: string }[] }>(
      "GET",
      `/api/v1/devices/${deviceId}/rpc`,
      { apiKey },
    );
    expect(history.body.data[0]).toMatchObject({ method: "reboot", status: "TIMEOUT" });
  });

  it("accepts one-way calls with 202", async () => {
    const result = await h.call("POST", `/api/v1/devices/${deviceId}/rpc`, {
      apiKey,
      body: { method: "blink", oneway: true },
    });
    expect(result.status).toBe(202);
    await expect.poll(() => downlinks.some((d) => d.type === "RPC_REQUEST" && d.method === "blink")).toBe(true);
  });
});

describe("live updates", () => {
  it("announces saved attributes on the device's live channel for dashboards", async () => {
    const { liveDeviceChannel } = await import("@industryos/device-protocol");
    const listener = new Redis(process.env.REDIS_URL!);
    const messages: { type: string; scope: string; attributes: { key: string; type: string; value: unknown }[] }[] = [];
    listener.on("message", (_c: string, m: string) => messages.push(JSON.parse(m)));
    const tenantId = (await h.deps.db.system.device.findUniqueOrThrow({ where: { id: deviceId } })).tenantId;
    await listener.subscribe(liveDeviceChannel(tenantId, deviceId));
    try {
      await h.call("POST", `/api/v1/devices/${deviceId}/attributes/SERVER`, { apiKey, body: { floor: 3 } });
      await expect
        .poll(() => messages[0])
        .toMatchObject({
          type: "POST_ATTRIBUTES_REQUEST",
          scope: "SERVER",
          attributes: [{ key: "floor", type: "LONG", value: 3 }],
        });
    } finally {
      listener.disconnect();
    }
  });
});
