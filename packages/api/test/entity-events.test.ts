import {
  deviceDownlinkChannel,
  partitionOf,
  readRuleEngineEntry,
  rpcResponseChannel,
  ruleEngineStream,
  type DeviceDownlink,
} from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

/** The API's entity and RPC-result events on the rule-engine streams, on each originator's partition. */
let h: ApiHarness;
let cookie: string;
beforeAll(async () => {
  h = await startApiHarness();
  ({ cookie } = await h.signup("entity-events"));
});
afterAll(async () => h?.close());

type Event = {
  type: string;
  originatorType?: string;
  originatorId?: string;
  metadata?: Record<string, string>;
  data?: Record<string, unknown>;
};

/** The events of one originator, read from its own partition only (so a wrong partition shows as missing). */
async function eventsOf(originatorId: string): Promise<Event[]> {
  const out: Event[] = [];
  for (const [, fields] of await h.deps.redis.xrange(ruleEngineStream(partitionOf(originatorId)), "-", "+"))
    for (const message of readRuleEngineEntry(fields) as Event[])
      if (message.originatorId === originatorId && message.type !== "TELEMETRY") out.push(message);
  return out;
}
const typesOf = async (id: string) => (await eventsOf(id)).map((e) => e.type);
const post = async (path: string, body: object) => (await h.call<{ id: string }>("POST", path, { cookie, body })).body;

describe("entity events", () => {
  it("a device's create, update, customer change and delete, with its view and the user", async () => {
    const customer = await post("/api/v1/customers", { title: "Events Inc" });
    const other = await post("/api/v1/customers", { title: "Events Ltd" });
    const device = await post("/api/v1/devices", { name: "Pump 7" });
    await h.call("PATCH", `/api/v1/devices/${device.id}`, { cookie, body: { label: "north" } });
    await h.call("PATCH", `/api/v1/devices/${device.id}`, { cookie, body: { customerId: customer.id } });
    await h.call("PATCH", `/api/v1/devices/${device.id}`, { cookie, body: { customerId: other.id } });
    await h.call("PATCH", `/api/v1/devices/${device.id}`, { cookie, body: { customerId: null } });
    await h.call("DELETE", `/api/v1/devices/${device.id}`, { cookie });
    await expect
      .poll(() => typesOf(device.id))
      .toEqual([
        "ENTITY_CREATED",
        "ENTITY_UPDATED",
        "ENTITY_UPDATED",
        "ENTITY_ASSIGNED",
        "ENTITY_UPDATED",
        "ENTITY_UNASSIGNED",
        "ENTITY_ASSIGNED",
        "ENTITY_UPDATED",
        "ENTITY_UNASSIGNED",
        "ENTITY_DELETED",
      ]);
    const events = await eventsOf(device.id);
    expect(events[0]).toMatchObject({
      originatorType: "DEVICE",
      data: { id: device.id, name: "Pump 7" },
      metadata: { userId: expect.any(String), userName: expect.stringContaining("@") },
    });
    expect(events[1]!.data).toMatchObject({ label: "north" });
    expect(events[3]!.metadata).toMatchObject({ assignedCustomerId: customer.id });
    expect(events[5]!.metadata).toMatchObject({ unassignedCustomerId: customer.id });
    expect(events[6]!.metadata).toMatchObject({ assignedCustomerId: other.id });
    expect(events[9]!.data).toMatchObject({ id: device.id, name: "Pump 7" });
  });

  it("an asset's and a customer's create, update and delete", async () => {
    const customer = await post("/api/v1/customers", { title: "Asset owner" });
    const asset = await post("/api/v1/assets", { name: "Hall A", customerId: customer.id });
    await h.call("PATCH", `/api/v1/assets/${asset.id}`, { cookie, body: { label: "main" } });
    await h.call("DELETE", `/api/v1/assets/${asset.id}`, { cookie });
    await expect
      .poll(() => typesOf(asset.id))
      .toEqual(["ENTITY_CREATED", "ENTITY_ASSIGNED", "ENTITY_UPDATED", "ENTITY_DELETED"]);
    expect((await eventsOf(asset.id))[0]).toMatchObject({ originatorType: "ASSET", data: { name: "Hall A" } });

    await h.call("PATCH", `/api/v1/customers/${customer.id}`, { cookie, body: { phone: "+100" } });
    await h.call("DELETE", `/api/v1/customers/${customer.id}`, { cookie });
    await expect.poll(() => typesOf(customer.id)).toEqual(["ENTITY_CREATED", "ENTITY_UPDATED", "ENTITY_DELETED"]);
    expect((await eventsOf(customer.id))[1]).toMatchObject({
      originatorType: "CUSTOMER",
      data: { title: "Asset owner", phone: "+100" },
    });
  });
});

describe("RPC result events", () => {
  it("RPC_SUCCESSFUL with the device's answer, RPC_TIMEOUT when it does not answer", async () => {
    const device = await post("/api/v1/devices", { name: "Valve 9" });
    const ingestSide = new Redis(process.env.REDIS_URL!);
    try {
      ingestSide.on("message", (_channel: string, message: string) => {
        const downlink = JSON.parse(message) as DeviceDownlink;
        if (downlink.type !== "RPC_REQUEST" || downlink.method !== "open") return;
        const response = { opened: true };
        void h.deps.db.system.rpcRequest
          .updateMany({
            where: { deviceId: device.id, requestId: downlink.requestId },
            data: { status: "SUCCESSFUL", response },
          })
          .then(() =>
            h.deps.redis.publish(
              rpcResponseChannel(device.id, downlink.requestId),
              JSON.stringify({ requestId: downlink.requestId, response }),
            ),
          );
      });
      await ingestSide.subscribe(deviceDownlinkChannel(device.id));
      const ok = await h.call<{ requestId: number }>("POST", `/api/v1/devices/${device.id}/rpc`, {
        cookie,
        body: { method: "open", params: {}, timeoutMs: 3000 },
      });
      expect(ok.status).toBe(200);
      const late = await h.call<{ requestId: number }>("POST", `/api/v1/devices/${device.id}/rpc`, {
        cookie,
        body: { method: "close", params: {}, timeoutMs: 300 },
      });
      expect(late.status).toBe(504);
      await expect
        .poll(async () => (await eventsOf(device.id)).filter((e) => e.type.startsWith("RPC_")))
        .toMatchObject([
          { type: "RPC_SUCCESSFUL", metadata: { requestId: String(ok.body.requestId), method: "open" } },
          { type: "RPC_TIMEOUT", metadata: { method: "close" }, data: {} },
        ]);
      const [success] = (await eventsOf(device.id)).filter((e) => e.type === "RPC_SUCCESSFUL");
      expect(success!.data).toEqual({ opened: true });
    } finally {
      ingestSide.disconnect();
    }
  });
});
