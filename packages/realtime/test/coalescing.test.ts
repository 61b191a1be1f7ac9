import { createDevice, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataMessage } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { sleep } from "./support/ws-test-client.ts";

let h: RealtimeHarness;
let node: RealtimeNode;
let tenantId: string;
let token: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node = await h.startNode({ maxUpdatesPerSecond: 4, maxPendingPointsPerKey: 50 });
  tenantId = (await createTenant(h.db.system)).id;
  token = h.grant({ tenantId, scopes: [] });
});
afterAll(() => h.stop());

async function burst(deviceId: string, count: number) {
  const pipeline = h.redis.pipeline();
  for (let i = 1; i <= count; i++) {
    pipeline.publish(
      `live:${tenantId}:${deviceId}`,
      JSON.stringify({
        type: "POST_TELEMETRY_REQUEST",
        tenantId,
        deviceId,
        receivedAt: i,
        points: [{ ts: i, key: "v", type: "LONG", value: i }],
      }),
    );
  }
  await pipeline.exec();
}

describe("coalescing to the configured rate", () => {
  it("merges a burst of latest values into few messages, ending on the newest, and says how many were merged", async () => {
    const deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: deviceId } });
    await client.next((m) => m.type === "data");
    await burst(deviceId, 200);
    const last = await client.next<DataMessage>(
      (m) => m.type === "data" && m.data[deviceId]?.v?.[0]?.value === 200,
      3000,
    );
    const live = (client.of(1, "data") as DataMessage[]).filter((m) => !m.initial);
    expect(live.length).toBeLessThanOrEqual(3);
    const merged = live.reduce((sum, m) => sum + (m.merged ?? 0), 0);
    expect(merged + live.length).toBe(200);
    expect(last.merged).toBeGreaterThan(0);
    expect(client.closeCode).toBeUndefined();
    client.close();
  });

  it("keeps every point of a raw window up to the per-key buffer, and counts the rest as merged", async () => {
    const deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
    const client = await h.connectWithCookie(node, token);
    client.send({
      type: "subscribeTimeseries",
      cmdId: 2,
      entity: { type: "DEVICE", id: deviceId },
      keys: ["v"],
      window: { from: 0, to: Date.now() + 60_000 },
    });
    await client.next((m) => m.type === "data");
    await burst(deviceId, 30);
    await client.next<DataMessage>(
      (m) => m.type === "data" && (m.data[deviceId]?.v ?? []).some((p) => p.value === 30),
      3000,
    );
    const values = (client.of(2, "data") as DataMessage[])
      .filter((m) => !m.initial)
      .flatMap((m) => m.data[deviceId]!.v!.map((p) => p.value));
    expect(values).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));

    await sleep(300);
    const from = client.messages.length;
    await burst(deviceId, 120);
    await client.next<DataMessage>(
      (m) => m.type === "data" && (m.data[deviceId]?.v ?? []).some((p) => p.value === 120),
      3000,
      from,
    );
    const later = client.messages.slice(from).filter((m): m is DataMessage => m.type === "data");
    const delivered = later.reduce((sum, m) => sum + m.data[deviceId]!.v!.length, 0);
    const merged = later.reduce((sum, m) => sum + (m.merged ?? 0), 0);
    expect(delivered + merged).toBe(120);
    expect(merged).toBeGreaterThan(0);
    client.close();
  });

  it("keeps serving a fast client while another client does not read", async () => {
    const deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
    const slow = await h.connectWithCookie(node, token);
    const fast = await h.connectWithCookie(node, token);
    for (const client of [slow, fast]) {
      client.send({
        type: "subscribeTimeseries",
        cmdId: 1,
        entity: { type: "DEVICE", id: deviceId },
        keys: ["v"],
        window: { from: 0, to: Date.now() + 60_000 },
      });
      await client.next((m) => m.type === "data");
    }
    slow.socket.pause(); // stops reading: the server's writes to it back up
    await burst(deviceId, 100);
    await fast.next<DataMessage>(
      (m) => m.type === "data" && (m.data[deviceId]?.v ?? []).some((p) => p.value === 100),
      3000,
    );
    slow.socket.resume();
    await slow.next<DataMessage>(
      (m) => m.type === "data" && (m.data[deviceId]?.v ?? []).some((p) => p.value === 100),
      3000,
    );
    expect(slow.closeCode).toBeUndefined();
    slow.close();
    fast.close();
  });
});
