import { createDevice, createDeviceProfile, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { WsTestClient } from "./support/ws-test-client.ts";

let h: RealtimeHarness;
let node1: RealtimeNode;
let node2: RealtimeNode;
let tenantId: string;
let deviceId: string;

const limits = {
  maxSessionsPerTenant: 3,
  maxSessionsPerUser: 2,
  maxSubscriptionsPerSession: 2,
  maxEntitiesPerSubscription: 2,
};

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node1 = await h.startNode(limits);
  node2 = await h.startNode(limits);
  tenantId = (await createTenant(h.db.system)).id;
  deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
});
afterAll(() => h.stop());

async function refused(node: RealtimeNode, token: string) {
  const client = await WsTestClient.connect(node.url, { cookie: `sid=${token}` });
  const error = await client.next((m) => m.type === "error");
  expect(await client.closed).toBe(CLOSE_CODES.sessionLimit);
  return error;
}

describe("session limits (counted across web nodes)", () => {
  it("refuses a user's third session, on any node, and admits again after one closes", async () => {
    const user = h.grant({ tenantId, userId: "limited-user", scopes: [] });
    const first = await h.connectWithCookie(node1, user);
    const second = await h.connectWithCookie(node2, user);
    expect(await refused(node1, user)).toEqual({
      type: "error",
      cmdId: null,
      error: {
        code: "LIMIT_EXCEEDED",
        message: "This user already has 2 open live sessions",
        details: { limit: "sessionsPerUser", max: 2 },
      },
    });
    first.close();
    await first.closed;
    await expect
      .poll(async () => {
        const again = await WsTestClient.connect(node1.url, { cookie: `sid=${user}` });
        const message = await again.next((m) => m.type === "authenticated" || m.type === "error");
        again.close();
        return message.type;
      })
      .toBe("authenticated");
    second.close();
    await second.closed;
  });

  it("refuses a tenant's fourth session", async () => {
    const tenantId = (await createTenant(h.db.system)).id;
    const clients = [];
    for (let i = 0; i < 3; i++)
      clients.push(
        await h.connectWithCookie(i % 2 ? node2 : node1, h.grant({ tenantId, userId: `u${i}`, scopes: [] })),
      );
    const apiKey = h.grant({ tenantId, scopes: [] });
    const client = await WsTestClient.connect(node2.url);
    client.send({ type: "auth", cmdId: 1, apiKey });
    expect(await client.next((m) => m.type === "error")).toMatchObject({
      cmdId: 1,
      error: { code: "LIMIT_EXCEEDED", details: { limit: "sessionsPerTenant", max: 3 } },
    });
    expect(await client.closed).toBe(CLOSE_CODES.sessionLimit);
    for (const c of clients) c.close();
    await Promise.all(clients.map((c) => c.closed));
  });
});

describe("subscription limits", () => {
  it("refuses a third subscription on one connection, and allows one after unsubscribe", async () => {
    const client = await h.connectWithCookie(node1, h.grant({ tenantId, scopes: [] }));
    const entity = { type: "DEVICE", id: deviceId };
    client.send({ type: "subscribeLatest", cmdId: 1, entity });
    client.send({ type: "subscribeAttributes", cmdId: 2, entity, scope: "CLIENT" });
    client.send({ type: "subscribeLatest", cmdId: 3, entity });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 3)).toMatchObject({
      error: {
        code: "LIMIT_EXCEEDED",
        message: "This connection already has 2 subscriptions",
        details: { limit: "subscriptionsPerSession", max: 2 },
      },
    });
    await client.next((m) => m.type === "subscribed" && m.cmdId === 2);
    client.send({ type: "unsubscribe", cmdId: 1 });
    client.send({ type: "subscribeLatest", cmdId: 4, entity });
    await client.next((m) => m.type === "subscribed" && m.cmdId === 4);
    client.close();
    await client.closed;
  });

  it("refuses an entity query matching more devices than allowed", async () => {
    const profile = await createDeviceProfile(h.db.system, { tenantId });
    for (let i = 0; i < 3; i++) await createDevice(h.db.system, { tenantId, deviceProfileId: profile.id });
    const client = await h.connectWithCookie(node1, h.grant({ tenantId, scopes: [] }));
    client.send({
      type: "subscribeLatest",
      cmdId: 1,
      query: { type: "devicesOfProfile", deviceProfileId: profile.id },
    });
    expect(await client.next((m) => m.type === "error")).toMatchObject({
      cmdId: 1,
      error: { code: "LIMIT_EXCEEDED", details: { limit: "entitiesPerSubscription", max: 2 } },
    });
    client.close();
    await client.closed;
  });
});

describe("subscription limits across web nodes", () => {
  it("counts a tenant's and a user's subscriptions on every node, and gives them back on unsubscribe and close", async () => {
    const tight = { maxSubscriptionsPerTenant: 3, maxSubscriptionsPerUser: 2 };
    const a = await h.startNode(tight);
    const b = await h.startNode(tight);
    const tenant = (await createTenant(h.db.system)).id;
    const device = (await createDevice(h.db.system, { tenantId: tenant })).device.id;
    const entity = { type: "DEVICE", id: device };
    const user = await h.connectWithCookie(a, h.grant({ tenantId: tenant, userId: "sub-user", scopes: [] }));
    user.send({ type: "subscribeLatest", cmdId: 1, entity });
    user.send({ type: "subscribeAttributes", cmdId: 2, entity, scope: "SERVER" });
    await user.next((m) => m.type === "subscribed" && m.cmdId === 2);
    await user.next((m) => m.type === "subscribed" && m.cmdId === 1);
    user.send({ type: "subscribeLatest", cmdId: 3, entity });
    expect(await user.next((m) => m.type === "error" && m.cmdId === 3)).toMatchObject({
      error: {
        code: "LIMIT_EXCEEDED",
        message: "This user already has 2 live subscriptions",
        details: { limit: "subscriptionsPerUser", max: 2 },
      },
    });

    const other = await h.connectWithCookie(b, h.grant({ tenantId: tenant, scopes: [] }));
    other.send({ type: "subscribeLatest", cmdId: 1, entity });
    await other.next((m) => m.type === "subscribed" && m.cmdId === 1);
    other.send({ type: "subscribeLatest", cmdId: 2, entity });
    expect(await other.next((m) => m.type === "error" && m.cmdId === 2)).toMatchObject({
      error: { code: "LIMIT_EXCEEDED", details: { limit: "subscriptionsPerTenant", max: 3 } },
    });

    user.send({ type: "unsubscribe", cmdId: 1 });
    await user.next((m) => m.type === "unsubscribed" && m.cmdId === 1);
    await expect
      .poll(async () => {
        const from = other.messages.length;
        other.send({ type: "subscribeLatest", cmdId: 2, entity });
        const answer = await other.next(
          (m) => (m.type === "subscribed" || m.type === "error") && m.cmdId === 2,
          5000,
          from,
        );
        return answer.type;
      })
      .toBe("subscribed");

    user.close();
    await user.closed;
    await expect
      .poll(async () => {
        const from = other.messages.length;
        other.send({ type: "subscribeLatest", cmdId: 3, entity });
        const answer = await other.next(
          (m) => (m.type === "subscribed" || m.type === "error") && m.cmdId === 3,
          5000,
          from,
        );
        return answer.type;
      })
      .toBe("subscribed");
    other.close();
  });
});
