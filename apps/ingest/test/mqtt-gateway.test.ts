import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { callServerRpc, pushSharedAttributes } from "@industryos/device-bus";
import { connectMqtt, newDevice, nextMessage, pushUntil, startHarness, waitFor, type Harness } from "./harness.ts";

let h: Harness;
let subscriber: Redis;

beforeAll(async () => {
  h = await startHarness({ redisDb: 5 });
  subscriber = new Redis(`${process.env.REDIS_URL}/5`);
});
afterAll(async () => {
  subscriber?.disconnect();
  await h?.close();
});

async function gateway() {
  const { device, accessToken } = await newDevice(h, { isGateway: true });
  const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
  return { gatewayDevice: device, client };
}

const subDevice = (name: string) =>
  h.db.system.device.findUnique({ where: { tenantId_name: { tenantId: h.tenantId, name } } });

describe("MQTT gateway API", () => {
  it("creates a sub-device on connect under the gateway's tenant, with a relation to the gateway", async () => {
    const { gatewayDevice, client } = await gateway();
    await client.publishAsync("v1/gateway/connect", JSON.stringify({ device: "Modbus PLC 1", type: "plc" }), {
      qos: 1,
    });
    const created = await subDevice("Modbus PLC 1");
    expect(created).toMatchObject({ tenantId: h.tenantId, type: "plc", gatewayId: gatewayDevice.id });
    const relation = await h.db.system.entityRelation.findFirst({
      where: { fromId: gatewayDevice.id, toId: created!.id },
    });
    expect(relation).toMatchObject({ type: "Created", tenantId: h.tenantId });
    await client.endAsync();
  });

  it("stores attributes for several sub-devices from one message, creating them on first sight", async () => {
    const { client } = await gateway();
    await client.publishAsync(
      "v1/gateway/attributes",
      JSON.stringify({ "OPC A": { fw: "2.0" }, "OPC B": { fw: "3.1", slots: 8 } }),
      { qos: 1 },
    );
    const a = await subDevice("OPC A");
    const b = await subDevice("OPC B");
    expect(await h.db.system.attribute.count({ where: { entityId: a!.id } })).toBe(1);
    expect(await h.db.system.attribute.count({ where: { entityId: b!.id } })).toBe(2);
    await client.endAsync();
  });

  it("answers a sub-device attribute request on v1/gateway/attributes/response", async () => {
    const { client } = await gateway();
    await client.publishAsync("v1/gateway/connect", JSON.stringify({ device: "BACnet 9" }), { qos: 1 });
    const device = await subDevice("BACnet 9");
    await h.db.system.attribute.create({
      data: {
        tenantId: h.tenantId,
        entityType: "DEVICE",
        entityId: device!.id,
        scope: "SHARED",
        key: "setpoint",
        longValue: 19,
      },
    });
    await client.subscribeAsync("v1/gateway/attributes/response", { qos: 1 });
    const response = nextMessage(client, "v1/gateway/attributes/response");
    await client.publishAsync(
      "v1/gateway/attributes/request",
      JSON.stringify({ id: 5, device: "BACnet 9", client: false, key: "setpoint" }),
      { qos: 1 },
    );
    expect((await response).body).toEqual({ id: 5, device: "BACnet 9", value: 19 });
    await client.endAsync();
  });

  it("routes shared attributes and server-side RPC for a sub-device through its gateway", async () => {
    const { client } = await gateway();
    await client.subscribeAsync(["v1/gateway/attributes", "v1/gateway/rpc"], { qos: 1 });
    await client.publishAsync("v1/gateway/connect", JSON.stringify({ device: "Valve 3" }), { qos: 1 });
    const device = (await subDevice("Valve 3"))!;
    await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));

    const update = await pushUntil(
      () =>
        pushSharedAttributes(h.redis, device.id, {
          updated: [{ key: "open", value: { type: "BOOLEAN", value: true } }],
        }),
      nextMessage(client, "v1/gateway/attributes"),
    );
    expect(update.body).toEqual({ device: "Valve 3", data: { open: true } });

    client.on("message", (topic, payload) => {
      if (topic !== "v1/gateway/rpc") return;
      const request = JSON.parse(payload.toString()) as { device: string; data: { id: number; method: string } };
      client.publish(
        "v1/gateway/rpc",
        JSON.stringify({ device: request.device, id: request.data.id, data: { done: request.data.method } }),
        { qos: 1 },
      );
    });
    const { response } = await callServerRpc(h.db.system, h.redis, subscriber, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "close",
      timeoutMs: 15_000,
    });
    expect(response).toEqual({ done: "close" });
    await client.endAsync();
  });

  it("refuses gateway topics to a device that is not a gateway", async () => {
    const { accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const refusal = (await client.subscribeAsync("v1/gateway/rpc", { qos: 1 }).catch((e: unknown) => e)) as {
      packet: { granted: number[] };
    };
    expect(refusal.packet.granted).toEqual([128]);
    await client.endAsync();
  });

  it("records claims for sub-devices", async () => {
    const { client } = await gateway();
    await client.publishAsync(
      "v1/gateway/claim",
      JSON.stringify({ "Pump 4": { secretKey: "k4", durationMs: 60_000 } }),
      { qos: 1 },
    );
    await client.endAsync();
    const pump = (await subDevice("Pump 4"))!;
    expect(JSON.parse((await h.redis.get(`device-claim:${pump.id}`))!)).toMatchObject({ secretKey: "k4" });
  });

  it("records sub-device connect and disconnect as device activity", async () => {
    const { client } = await gateway();
    await client.publishAsync("v1/gateway/connect", JSON.stringify({ device: "Sensor 12" }), { qos: 1 });
    await client.publishAsync("v1/gateway/disconnect", JSON.stringify({ device: "Sensor 12" }), { qos: 1 });
    const device = await waitFor(async () => {
      const row = await subDevice("Sensor 12");
      return row?.lastConnectAt && row.lastDisconnectAt ? row : null;
    });
    expect(device.lastDisconnectAt!.getTime()).toBeGreaterThanOrEqual(device.lastConnectAt!.getTime());
    await client.endAsync();
  });
});
