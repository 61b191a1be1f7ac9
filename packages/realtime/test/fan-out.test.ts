import { createDevice, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
