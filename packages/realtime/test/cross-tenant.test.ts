import { createAsset, createCustomer, createDevice, createDeviceProfile, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { sleep } from "./support/ws-test-client.ts";

let h: RealtimeHarness;
let node: RealtimeNode;
let tenantA: string;
let tenantB: string;
let deviceA: string;
let profileA: string;
let assetA: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node = await h.startNode();
  tenantA = (await createTenant(h.db.system)).id;
  tenantB = (await createTenant(h.db.system)).id;
  profileA = (await createDeviceProfile(h.db.system, { tenantId: tenantA })).id;
  deviceA = (await createDevice(h.db.system, { tenantId: tenantA, deviceProfileId: profileA })).device.id;
  assetA = (await createAsset(h.db.system, { tenantId: tenantA })).id;
  await h.db.system.entityRelation.create({
    data: { tenantId: tenantA, fromType: "ASSET", fromId: assetA, toType: "DEVICE", toId: deviceA, type: "Contains" },
  });
  await h.db.system.attribute.create({
    data: {
      tenantId: tenantA,
      entityType: "DEVICE",
      entityId: deviceA,
      scope: "SERVER",
      key: "secret",
      stringValue: "a-only",
    },
  });
});
afterAll(() => h.stop());

describe("tenant B using tenant A's ids", () => {
  it("gets NOT_FOUND for every command and receives none of A's data", async () => {
    const client = await h.connectWithCookie(node, h.grant({ tenantId: tenantB, scopes: [] }));
    const entity = { type: "DEVICE", id: deviceA };
    client.send({ type: "subscribeLatest", cmdId: 1, entity });
    client.send({ type: "subscribeTimeseries", cmdId: 2, entity, keys: ["t"], window: { lastMs: 60_000 } });
    client.send({ type: "subscribeAttributes", cmdId: 3, entity, scope: "SERVER" });
    client.send({ type: "subscribeLatest", cmdId: 4, query: { type: "devicesOfProfile", deviceProfileId: profileA } });
    client.send({ type: "subscribeLatest", cmdId: 5, query: { type: "devicesRelatedToAsset", assetId: assetA } });
    for (const cmdId of [1, 2, 3, 4, 5]) {
      expect(await client.next((m) => m.type === "error" && m.cmdId === cmdId)).toMatchObject({
        error: { code: "NOT_FOUND" },
      });
    }
    await h.publishTelemetry(tenantA, deviceA, { t: 1 });
    await h.publishAttributes(tenantA, deviceA, "SERVER", { secret: "x" });
    await sleep(200);
    expect(client.messages.filter((m) => m.type === "data" || m.type === "subscribed")).toEqual([]);
    expect(JSON.stringify(client.messages)).not.toContain("a-only");
    client.close();
  });

  it("does not receive A's updates even if A's device id is published on B's channel name", async () => {
    // Channels are named by the subscriber's own tenant, so only B's publishers can reach B.
    const deviceB = (await createDevice(h.db.system, { tenantId: tenantB })).device.id;
    const client = await h.connectWithCookie(node, h.grant({ tenantId: tenantB, scopes: [] }));
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: deviceB } });
    await client.next((m) => m.type === "data");
    await h.publishTelemetry(tenantA, deviceB, { leaked: 1 });
    await h.publishTelemetry(tenantB, deviceB, { own: 2 });
    await client.next((m) => m.type === "data" && !m.initial);
    expect(JSON.stringify(client.messages)).not.toContain("leaked");
    client.close();
  });
});

describe("customer users", () => {
  it("see only their customer's devices", async () => {
    const mine = await createCustomer(h.db.system, { tenantId: tenantA });
    const other = await createCustomer(h.db.system, { tenantId: tenantA });
    const myDevice = (
      await createDevice(h.db.system, { tenantId: tenantA, customerId: mine.id, deviceProfileId: profileA })
    ).device.id;
    await createDevice(h.db.system, { tenantId: tenantA, customerId: other.id, deviceProfileId: profileA });
    const client = await h.connectWithCookie(
      node,
      h.grant({ tenantId: tenantA, userId: "cu", customerId: mine.id, scopes: [] }),
    );
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: deviceA } });
    client.send({ type: "subscribeLatest", cmdId: 2, query: { type: "devicesOfProfile", deviceProfileId: profileA } });
    client.send({ type: "subscribeLatest", cmdId: 3, query: { type: "devicesRelatedToAsset", assetId: assetA } });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 1)).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
    expect(await client.next((m) => m.type === "subscribed" && m.cmdId === 2)).toMatchObject({
      entities: [{ id: myDevice }],
    });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 3)).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
    client.close();
  });
});
