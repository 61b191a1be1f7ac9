import { randomUUID } from "node:crypto";
import { createDevice, createTenant } from "@industryos/db/testing";
import { LIVE_WATCH_VERSION_KEY, liveDeviceChannel } from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveBus } from "../src/bus/live-bus.ts";
import type { DataMessage } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";

let h: RealtimeHarness;
let nodeA: RealtimeNode;
let nodeB: RealtimeNode;
let tenantId: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  nodeA = await h.startNode();
  nodeB = await h.startNode();
  tenantId = (await createTenant(h.db.system)).id;
});
afterAll(() => h.stop());

describe("fan-out through Redis pub/sub", () => {
  it("delivers one device publish to subscribers on two web nodes", async () => {
    const deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
    const token = h.grant({ tenantId, scopes: [] });
    const onA = await h.connectWithCookie(nodeA, token);
    const onB = await h.connectWithCookie(nodeB, token);
    for (const client of [onA, onB]) {
      client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: deviceId }, keys: ["pressure"] });
      await client.next((m) => m.type === "data" && m.cmdId === 1);
    }
    await h.publishTelemetry(tenantId, deviceId, { pressure: 3.2 }, 42);
    for (const client of [onA, onB]) {
      const live = await client.next<DataMessage>((m) => m.type === "data" && !m.initial);
      expect(live.data).toEqual({ [deviceId]: { pressure: [{ ts: 42, value: 3.2 }] } });
    }
    onA.close();
    onB.close();
  });

  it("subscribes a device's channel once per node and drops it when the last subscriber leaves", async () => {
    const deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
    const token = h.grant({ tenantId, scopes: [] });
    const before = nodeA.realtime.stats().channels;
    const first = await h.connectWithCookie(nodeA, token);
    const second = await h.connectWithCookie(nodeA, token);
    for (const client of [first, second]) {
      client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: deviceId } });
      await client.next((m) => m.type === "data");
    }
    expect(nodeA.realtime.stats().channels).toBe(before + 1);
    first.close();
    second.send({ type: "unsubscribe", cmdId: 1 });
    await second.next((m) => m.type === "unsubscribed");
    await expect.poll(() => nodeA.realtime.stats().channels).toBe(before);
    second.close();
  });

  it("tells publishers about every confirmed subscribe and unsubscribe, before listening resolves", async () => {
    const subscriber = new Redis(process.env.REDIS_URL!);
    const announced: { key: string; channels: string[] }[] = [];
    const deviceId = randomUUID();
    const channel = liveDeviceChannel(tenantId, deviceId);
    // Records what ingest would see when it reads the announcement.
    const commands = {
      set: async (key: string) =>
        void announced.push({ key, channels: (await h.redis.call("PUBSUB", "CHANNELS", channel)) as string[] }),
    } as unknown as Redis;
    try {
      const stop = await new LiveBus(subscriber, commands).listen(tenantId, deviceId, () => {});
      expect(announced).toEqual([{ key: LIVE_WATCH_VERSION_KEY, channels: [channel] }]);
      stop();
      await expect.poll(() => announced.length).toBe(2);
      expect(announced[1]).toEqual({ key: LIVE_WATCH_VERSION_KEY, channels: [] });
    } finally {
      subscriber.disconnect();
    }
  });
});
