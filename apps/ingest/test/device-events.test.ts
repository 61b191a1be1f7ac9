import { partitionOf, readRuleEngineEntry, ruleEngineStream } from "@industryos/device-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectMqtt, newDevice, startHarness, waitFor, type Harness } from "./harness.ts";

/** A device's connects, disconnects and return to activity reach the rule engine, on its partition. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ redisDb: 20 });
});
afterAll(async () => h?.close());

type Event = { type: string; originatorType?: string; originatorId?: string; data?: Record<string, unknown> };

async function eventsOf(deviceId: string): Promise<Event[]> {
  const out: Event[] = [];
  for (const [, fields] of await h.redis.xrange(ruleEngineStream(partitionOf(deviceId)), "-", "+"))
    for (const message of readRuleEngineEntry(fields) as Event[])
      if (message.originatorId === deviceId && message.type.endsWith("_EVENT")) out.push(message);
  return out;
}

describe("device connectivity events", () => {
  it("CONNECT_EVENT and DISCONNECT_EVENT over MQTT, and ACTIVITY_EVENT for a device never seen active", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await waitFor(async () => (await eventsOf(device.id)).some((e) => e.type === "CONNECT_EVENT"));
    await client.endAsync();
    const events = await waitFor(async () => {
      const found = await eventsOf(device.id);
      return found.some((e) => e.type === "DISCONNECT_EVENT") && found.some((e) => e.type === "ACTIVITY_EVENT")
        ? found
        : null;
    });
    const types = events.map((e) => e.type);
    expect(types.indexOf("CONNECT_EVENT")).toBeLessThan(types.indexOf("DISCONNECT_EVENT"));
    expect(types.filter((t) => t === "ACTIVITY_EVENT")).toHaveLength(1);
    expect(events.find((e) => e.type === "CONNECT_EVENT")).toMatchObject({
      originatorType: "DEVICE",
      data: { connectTime: expect.any(Number) },
    });
    expect(events.find((e) => e.type === "ACTIVITY_EVENT")).toMatchObject({ data: { active: true } });
  });

  it("no ACTIVITY_EVENT for a device that was active a moment ago", async () => {
    const { device, accessToken } = await newDevice(h);
    await h.db.system.device.update({ where: { id: device.id }, data: { lastActivityAt: new Date() } });
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.endAsync();
    await waitFor(async () => (await eventsOf(device.id)).some((e) => e.type === "DISCONNECT_EVENT"));
    // The connect's activity time is written within a second of it.
    await waitFor(async () => {
      const row = await h.db.system.device.findUnique({ where: { id: device.id }, select: { lastConnectAt: true } });
      return row?.lastConnectAt ?? null;
    });
    expect((await eventsOf(device.id)).map((e) => e.type)).toEqual(["CONNECT_EVENT", "DISCONNECT_EVENT"]);
  });
});
