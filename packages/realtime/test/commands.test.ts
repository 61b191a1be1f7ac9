import { createAsset, createDevice, createDeviceProfile, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataMessage } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { sleep, type WsTestClient } from "./support/ws-test-client.ts";

let h: RealtimeHarness;
let node: RealtimeNode;
let fastRefreshNode: RealtimeNode;
let tenantId: string;
let token: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node = await h.startNode();
  fastRefreshNode = await h.startNode({ queryRefreshMs: 150 });
  tenantId = (await createTenant(h.db.system)).id;
  token = h.grant({ tenantId, userId: "user-1", scopes: [] });
});
afterAll(() => h.stop());

const device = async (extra: Record<string, unknown> = {}) =>
  (await createDevice(h.db.system, { tenantId, ...extra })).device;
const dataOf = (client: WsTestClient, cmdId: number) => client.of(cmdId, "data") as DataMessage[];

describe("subscribeLatest", () => {
  it("sends the snapshot, then live values of the chosen keys only", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: d.id }, keys: ["temperature"] });
    const subscribed = await client.next((m) => m.type === "subscribed" && m.cmdId === 1);
    expect(subscribed).toEqual({
      type: "subscribed",
      cmdId: 1,
      entities: [{ type: "DEVICE", id: d.id, name: d.name }],
    });
    expect(await client.next((m) => m.type === "data" && m.cmdId === 1)).toEqual({
      type: "data",
      cmdId: 1,
      initial: true,
      data: { [d.id]: {} },
    });

    await h.publishTelemetry(tenantId, d.id, { temperature: 21.5, humidity: 40 }, 1_000);
    const live = await client.next<DataMessage>((m) => m.type === "data" && m.cmdId === 1 && !m.initial);
    expect(live.data).toEqual({ [d.id]: { temperature: [{ ts: 1_000, value: 21.5 }] } });
    client.close();
  });

  it("starts from the stored latest values", async () => {
    const d = await device();
    const ts = Date.now() - 5_000;
    await h.store.writeBatch([
      { tenantId, entityId: d.id, key: "temperature", ts, value: { type: "DOUBLE", value: 19.5 } },
      { tenantId, entityId: d.id, key: "state", ts, value: { type: "STRING", value: "running" } },
    ]);
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: d.id } });
    const initial = await client.next<DataMessage>((m) => m.type === "data" && m.cmdId === 1);
    expect(initial.data).toEqual({ [d.id]: { state: [{ ts, value: "running" }], temperature: [{ ts, value: 19.5 }] } });
    // A live point older than the stored one is not a newer latest value.
    await h.publishTelemetry(tenantId, d.id, { temperature: 1 }, ts - 1);
    await h.publishTelemetry(tenantId, d.id, { temperature: 2 }, ts + 1);
    const live = await client.next<DataMessage>((m) => m.type === "data" && !m.initial);
    expect(live.data).toEqual({ [d.id]: { temperature: [{ ts: ts + 1, value: 2 }] } });
    client.close();
  });

  it("never moves a value back in time when an older point arrives late", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: d.id } });
    await client.next((m) => m.type === "data" && m.cmdId === 1);
    await h.publishTelemetry(tenantId, d.id, { t: 2 }, 2_000);
    await client.next((m) => m.type === "data" && !m.initial);
    await h.publishTelemetry(tenantId, d.id, { t: 1 }, 1_000);
    await h.publishTelemetry(tenantId, d.id, { t: 3 }, 3_000);
    await client.next<DataMessage>((m) => m.type === "data" && m.data[d.id]?.t?.[0]?.value === 3);
    const values = dataOf(client, 1)
      .flatMap((m) => m.data[d.id]?.t ?? [])
      .map((p) => p.value);
    expect(values).toEqual([2, 3]);
    client.close();
  });

  it("follows every device of a profile, naming them in `subscribed`", async () => {
    const profile = await createDeviceProfile(h.db.system, { tenantId });
    const a = await device({ deviceProfileId: profile.id, name: "pump-a" });
    const b = await device({ deviceProfileId: profile.id, name: "pump-b" });
    await device(); // another profile: not included
    const client = await h.connectWithCookie(node, token);
    client.send({
      type: "subscribeLatest",
      cmdId: 4,
      query: { type: "devicesOfProfile", deviceProfileId: profile.id },
      keys: ["rpm"],
    });
    const subscribed = await client.next((m) => m.type === "subscribed");
    expect(subscribed).toMatchObject({
      entities: [
        { id: a.id, name: "pump-a" },
        { id: b.id, name: "pump-b" },
      ],
    });
    await client.next((m) => m.type === "data" && m.cmdId === 4);
    await h.publishTelemetry(tenantId, b.id, { rpm: 1500 }, 5);
    const live = await client.next<DataMessage>((m) => m.type === "data" && !m.initial);
    expect(live.data).toEqual({ [b.id]: { rpm: [{ ts: 5, value: 1500 }] } });
    client.close();
  });

  it("follows devices that join or leave the query while subscribed", async () => {
    const profile = await createDeviceProfile(h.db.system, { tenantId });
    const first = await device({ deviceProfileId: profile.id, name: "a-first" });
    const client = await h.connectWithCookie(fastRefreshNode, token);
    client.send({
      type: "subscribeLatest",
      cmdId: 1,
      query: { type: "devicesOfProfile", deviceProfileId: profile.id },
      keys: ["rpm"],
    });
    await client.next((m) => m.type === "data" && m.cmdId === 1);
    const joined = await device({ deviceProfileId: profile.id, name: "b-joined" });
    await h.store.writeBatch([
      { tenantId, entityId: joined.id, key: "rpm", ts: Date.now() - 1000, value: { type: "LONG", value: 900 } },
    ]);
    const update = await client.next((m) => m.type === "subscribed" && m.entities.length === 2, 3000);
    expect((update as { entities: Array<{ name: string }> }).entities.map((e) => e.name)).toEqual([
      "a-first",
      "b-joined",
    ]);
    const snapshot = await client.next<DataMessage>(
      (m) => m.type === "data" && !m.initial && m.data[joined.id] !== undefined,
    );
    expect(snapshot.data[joined.id]!.rpm![0]!.value).toBe(900);
    await h.publishTelemetry(tenantId, joined.id, { rpm: 1000 });
    await client.next<DataMessage>((m) => m.type === "data" && m.data[joined.id]?.rpm?.[0]?.value === 1000);

    const beforeDelete = client.messages.length;
    await h.db.system.device.delete({ where: { id: first.id } });
    await client.next((m) => m.type === "subscribed" && m.entities.length === 1, 3000, beforeDelete);
    const from = client.messages.length;
    await h.publishTelemetry(tenantId, first.id, { rpm: 1 });
    await h.publishTelemetry(tenantId, joined.id, { rpm: 2 });
    await client.next<DataMessage>((m) => m.type === "data" && m.data[joined.id]?.rpm?.[0]?.value === 2, 3000, from);
    expect(JSON.stringify(client.messages.slice(from)), JSON.stringify(client.messages.slice(from))).not.toContain(
      first.id,
    );
    client.close();
  });

  it("follows the devices related to an asset", async () => {
    const asset = await createAsset(h.db.system, { tenantId });
    const inside = await device();
    const managed = await device();
    await device(); // unrelated
    await h.db.system.entityRelation.createMany({
      data: [
        { tenantId, fromType: "ASSET", fromId: asset.id, toType: "DEVICE", toId: inside.id, type: "Contains" },
        { tenantId, fromType: "ASSET", fromId: asset.id, toType: "DEVICE", toId: managed.id, type: "Manages" },
      ],
    });
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 1, query: { type: "devicesRelatedToAsset", assetId: asset.id } });
    client.send({
      type: "subscribeLatest",
      cmdId: 2,
      query: { type: "devicesRelatedToAsset", assetId: asset.id, relationType: "Contains" },
    });
    const all = await client.next((m) => m.type === "subscribed" && m.cmdId === 1);
    const contains = await client.next((m) => m.type === "subscribed" && m.cmdId === 2);
    expect((all as { entities: Array<{ id: string }> }).entities.map((e) => e.id).sort()).toEqual(
      [inside.id, managed.id].sort(),
    );
    expect((contains as { entities: Array<{ id: string }> }).entities.map((e) => e.id)).toEqual([inside.id]);
    client.close();
  });
});

describe("subscribeTimeseries", () => {
  it("sends history first, then live points inside a rolling window", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    client.send({
      type: "subscribeTimeseries",
      cmdId: 2,
      entity: { type: "DEVICE", id: d.id },
      keys: ["temperature"],
      window: { lastMs: 3_600_000 },
    });
    const initial = await client.next<DataMessage>((m) => m.type === "data" && m.cmdId === 2);
    expect(initial.initial).toBe(true);
    const now = Date.now();
    await h.publishTelemetry(tenantId, d.id, { temperature: 20 }, now);
    await h.publishTelemetry(tenantId, d.id, { temperature: 19 }, now - 7_200_000); // before the window: dropped
    await h.publishTelemetry(tenantId, d.id, { temperature: 22 }, now + 1);
    await client.next<DataMessage>(
      (m) => m.type === "data" && (m.data[d.id]?.temperature ?? []).some((p) => p.value === 22),
    );
    const points = dataOf(client, 2)
      .filter((m) => !m.initial)
      .flatMap((m) => m.data[d.id]?.temperature ?? []);
    expect(points).toEqual([
      { ts: now, value: 20 },
      { ts: now + 1, value: 22 },
    ]);
    client.close();
  });

  it("sends stored history oldest first, keeping the newest `limit` points", async () => {
    const d = await device();
    const base = Date.now() - 60_000;
    await h.store.writeBatch(
      [0, 1, 2, 3].map((i) => ({
        tenantId,
        entityId: d.id,
        key: "level",
        ts: base + i * 1000,
        value: { type: "LONG" as const, value: i },
      })),
    );
    const client = await h.connectWithCookie(node, token);
    client.send({
      type: "subscribeTimeseries",
      cmdId: 1,
      entity: { type: "DEVICE", id: d.id },
      keys: ["level"],
      window: { lastMs: 3_600_000 },
      limit: 3,
    });
    const initial = await client.next<DataMessage>((m) => m.type === "data" && m.cmdId === 1);
    expect(initial.data).toEqual({ [d.id]: { level: [1, 2, 3].map((i) => ({ ts: base + i * 1000, value: i })) } });
    client.close();
  });

  it("continues the stored aggregate of the current bucket with live points", async () => {
    const d = await device();
    const interval = 3_600_000;
    const now = Date.now();
    const bucketStart = now - (now % interval);
    const inBucket = Math.max(bucketStart, now - 2_000);
    await h.store.writeBatch([
      { tenantId, entityId: d.id, key: "p", ts: bucketStart - interval + 5, value: { type: "DOUBLE", value: 100 } },
      { tenantId, entityId: d.id, key: "p", ts: inBucket, value: { type: "DOUBLE", value: 10 } },
      { tenantId, entityId: d.id, key: "p", ts: inBucket + 1, value: { type: "DOUBLE", value: 20 } },
    ]);
    const client = await h.connectWithCookie(node, token);
    client.send({
      type: "subscribeTimeseries",
      cmdId: 1,
      entity: { type: "DEVICE", id: d.id },
      keys: ["p"],
      window: { from: bucketStart - interval, to: bucketStart + interval },
      agg: "AVG",
      intervalMs: interval,
    });
    const initial = await client.next<DataMessage>((m) => m.type === "data" && m.cmdId === 1);
    expect(initial.data).toEqual({
      [d.id]: {
        p: [
          { ts: bucketStart - interval, value: 100 },
          { ts: bucketStart, value: 15 },
        ],
      },
    });
    await h.publishTelemetry(tenantId, d.id, { p: 30 }, Date.now());
    const live = await client.next<DataMessage>((m) => m.type === "data" && !m.initial);
    expect(live.data).toEqual({ [d.id]: { p: [{ ts: bucketStart, value: 20 }] } });
    client.close();
  });

  it("sends no live points to a fixed range that is over", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    client.send({
      type: "subscribeTimeseries",
      cmdId: 3,
      entity: { type: "DEVICE", id: d.id },
      keys: ["t"],
      window: { from: 0, to: 1000 },
    });
    await client.next((m) => m.type === "data" && m.cmdId === 3);
    await h.publishTelemetry(tenantId, d.id, { t: 1 }, 500);
    await sleep(300);
    expect(dataOf(client, 3)).toHaveLength(1);
    client.close();
  });

  it("sends the updated value of the current bucket for an aggregated window", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    client.send({
      type: "subscribeTimeseries",
      cmdId: 5,
      entity: { type: "DEVICE", id: d.id },
      keys: ["power"],
      window: { lastMs: 3_600_000 },
      agg: "AVG",
      intervalMs: 60_000,
    });
    await client.next((m) => m.type === "data" && m.cmdId === 5);
    const bucket = Math.floor(Date.now() / 60_000) * 60_000;
    await h.publishTelemetry(tenantId, d.id, { power: 10 }, bucket + 1);
    await client.next((m) => m.type === "data" && !m.initial);
    await h.publishTelemetry(tenantId, d.id, { power: 20 }, bucket + 2);
    const second = await client.next<DataMessage>(
      (m) => m.type === "data" && !m.initial && m.data[d.id]?.power?.[0]?.value === 15,
    );
    expect(second.data).toEqual({ [d.id]: { power: [{ ts: bucket, value: 15 }] } });
    client.close();
  });

  it("refuses an aggregation without intervalMs, and windows of too many buckets", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    const entity = { type: "DEVICE", id: d.id };
    client.send({ type: "subscribeTimeseries", cmdId: 1, entity, keys: ["t"], window: { lastMs: 60_000 }, agg: "MAX" });
    client.send({
      type: "subscribeTimeseries",
      cmdId: 2,
      entity,
      keys: ["t"],
      window: { from: 0, to: 10 ** 12 },
      agg: "MAX",
      intervalMs: 1000,
    });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 1)).toMatchObject({
      error: { code: "BAD_COMMAND", details: [{ path: "intervalMs" }] },
    });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 2)).toMatchObject({
      error: { code: "BAD_COMMAND" },
    });
    client.close();
  });
});

describe("subscribeAttributes", () => {
  it("sends stored attributes of the scope, then live changes of that scope only", async () => {
    const d = await device();
    await h.db.system.attribute.createMany({
      data: [
        {
          tenantId,
          entityType: "DEVICE",
          entityId: d.id,
          scope: "SHARED",
          key: "targetTemp",
          doubleValue: 21.5,
          lastUpdateTs: new Date(1000),
        },
        { tenantId, entityType: "DEVICE", entityId: d.id, scope: "SERVER", key: "site", stringValue: "north" },
      ],
    });
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeAttributes", cmdId: 6, entity: { type: "DEVICE", id: d.id }, scope: "SHARED" });
    expect(await client.next((m) => m.type === "subscribed")).toMatchObject({ scope: "SHARED" });
    const initial = await client.next<DataMessage>((m) => m.type === "data" && m.cmdId === 6);
    expect(initial.data).toEqual({ [d.id]: { targetTemp: [{ ts: 1000, value: 21.5 }] } });

    await h.publishAttributes(tenantId, d.id, "CLIENT", { firmware: "1.2" });
    await h.publishAttributes(tenantId, d.id, "SHARED", { targetTemp: "23" });
    const live = await client.next<DataMessage>((m) => m.type === "data" && !m.initial);
    expect(Object.keys(live.data[d.id]!)).toEqual(["targetTemp"]);
    expect(live.data[d.id]!.targetTemp![0]!.value).toBe("23");
    client.close();
  });
});

describe("unsubscribe and bad commands", () => {
  it("stops updates after unsubscribe and answers `unsubscribed`", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: d.id } });
    await client.next((m) => m.type === "data");
    const before = node.realtime.stats().subscriptions;
    client.send({ type: "unsubscribe", cmdId: 1 });
    expect(await client.next((m) => m.type === "unsubscribed")).toEqual({ type: "unsubscribed", cmdId: 1 });
    await h.publishTelemetry(tenantId, d.id, { t: 1 });
    await sleep(200);
    expect(dataOf(client, 1)).toHaveLength(1);
    expect(node.realtime.stats().subscriptions).toBe(before - 1);
    client.send({ type: "unsubscribe", cmdId: 1 });
    expect(await client.next((m) => m.type === "error")).toMatchObject({
      cmdId: 1,
      error: { code: "UNKNOWN_SUBSCRIPTION" },
    });
    client.close();
  });

  it("cancels a subscription that is still starting, and frees its cmdId", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 7, entity: { type: "DEVICE", id: d.id } });
    client.send({ type: "unsubscribe", cmdId: 7 });
    await client.next((m) => m.type === "unsubscribed" && m.cmdId === 7);
    const from = client.messages.length;
    client.send({ type: "subscribeLatest", cmdId: 7, entity: { type: "DEVICE", id: d.id }, keys: ["x"] });
    await client.next((m) => m.type === "data" && m.cmdId === 7, 5000, from);
    await h.publishTelemetry(tenantId, d.id, { x: 5 });
    await client.next<DataMessage>((m) => m.type === "data" && m.data[d.id]?.x?.[0]?.value === 5, 5000, from);
    await sleep(100);
    // Only the second subscription delivers: one live message, not two.
    expect(client.messages.slice(from).filter((m) => m.type === "data" && !m.initial)).toHaveLength(1);
    client.close();
  });

  it("names the problem of an invalid command and keeps the connection", async () => {
    const client = await h.connectWithCookie(node, token);
    client.send("not json");
    client.send({ type: "explode", cmdId: 2 });
    client.send({ type: "subscribeLatest", cmdId: 3, entity: { type: "DEVICE", id: "not-a-uuid" } });
    client.send({ type: "subscribeLatest", cmdId: 4 });
    expect(await client.next((m) => m.type === "error" && m.cmdId === null)).toMatchObject({
      error: { code: "BAD_COMMAND", message: "The message is not valid JSON" },
    });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 2)).toMatchObject({
      error: { code: "BAD_COMMAND" },
    });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 3)).toMatchObject({
      error: { code: "BAD_COMMAND", details: [{ path: "entity.id" }] },
    });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 4)).toMatchObject({
      error: { code: "BAD_COMMAND", message: expect.stringContaining("exactly one of `entity` or `query`") },
    });
    expect(client.closeCode).toBeUndefined();
    client.close();
  });

  it("refuses a cmdId that is already active", async () => {
    const d = await device();
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: d.id } });
    await client.next((m) => m.type === "subscribed");
    client.send({ type: "subscribeAttributes", cmdId: 1, entity: { type: "DEVICE", id: d.id }, scope: "SERVER" });
    expect(await client.next((m) => m.type === "error")).toMatchObject({
      cmdId: 1,
      error: { code: "DUPLICATE_CMD_ID" },
    });
    client.close();
  });
});
