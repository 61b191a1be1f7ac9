import { createCustomer, createDevice, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSE_CODES } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { WsTestClient } from "./support/ws-test-client.ts";

let h: RealtimeHarness;
let node: RealtimeNode;
let tenantId: string;
let deviceId: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node = await h.startNode({ authTimeoutMs: 300 });
  tenantId = (await createTenant(h.db.system)).id;
  deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
});
afterAll(() => h.stop());

describe("authentication", () => {
  it("accepts a session cookie on the upgrade and says so at once", async () => {
    const token = h.grant({ tenantId, userId: "u1", scopes: [] });
    const client = await WsTestClient.connect(node.url, { cookie: `sid=${token}` });
    const message = await client.next((m) => m.type === "authenticated");
    expect(message).toEqual({ type: "authenticated", via: "session", tenantId });
    client.close();
  });

  it("accepts an API key in the first message, answering with its cmdId", async () => {
    const apiKey = h.grant({ tenantId, scopes: ["read"] });
    const client = await WsTestClient.connect(node.url);
    client.send({ type: "auth", cmdId: 7, apiKey });
    expect(await client.next((m) => m.type === "authenticated")).toEqual({
      type: "authenticated",
      cmdId: 7,
      via: "apiKey",
      tenantId,
    });
    client.close();
  });

  it("runs subscriptions sent right behind `auth` once authenticated", async () => {
    const apiKey = h.grant({ tenantId, scopes: [] });
    const client = await WsTestClient.connect(node.url);
    client.send({ type: "auth", cmdId: 0, apiKey });
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: deviceId } });
    await client.next((m) => m.type === "subscribed" && m.cmdId === 1);
    client.close();
  });

  it("accepts a public dashboard id and limits it to the public customer's devices", async () => {
    const publicCustomer = await createCustomer(h.db.system, { tenantId, isPublic: true });
    const shown = (await createDevice(h.db.system, { tenantId, customerId: publicCustomer.id })).device.id;
    const publicId = h.grant({ tenantId, customerId: publicCustomer.id, scopes: [] });
    const client = await WsTestClient.connect(node.url);
    client.send({ type: "auth", cmdId: 0, publicId });
    await client.next((m) => m.type === "authenticated");
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: shown } });
    client.send({ type: "subscribeLatest", cmdId: 2, entity: { type: "DEVICE", id: deviceId } });
    await client.next((m) => m.type === "subscribed" && m.cmdId === 1);
    const error = await client.next((m) => m.type === "error" && m.cmdId === 2);
    expect(error).toMatchObject({ error: { code: "NOT_FOUND" } });
    client.close();
  });

  it("limits a public dashboard link to the sources its dashboard names", async () => {
    const shown = (await createDevice(h.db.system, { tenantId })).device.id;
    const publicId = h.grant({
      tenantId,
      scopes: ["read"],
      allowedSources: [{ source: { entity: { type: "DEVICE", id: shown } }, read: { type: "latest", keys: ["t"] } }],
    });
    const client = await WsTestClient.connect(node.url);
    client.send({ type: "auth", cmdId: 0, publicId });
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: shown }, keys: ["t"] });
    client.send({ type: "subscribeLatest", cmdId: 2, entity: { type: "DEVICE", id: deviceId }, keys: ["t"] });
    client.send({
      type: "subscribeLatest",
      cmdId: 3,
      query: { type: "devicesOfProfile", deviceProfileId: "00000000-0000-4000-8000-000000000001" },
      keys: ["t"],
    });
    await client.next((m) => m.type === "subscribed" && m.cmdId === 1);
    expect(await client.next((m) => m.type === "error" && m.cmdId === 2)).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 3)).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
    client.close();
  });

  it("limits a public dashboard link to the keys its dashboard shows", async () => {
    const shown = (await createDevice(h.db.system, { tenantId })).device.id;
    const publicId = h.grant({
      tenantId,
      scopes: ["read"],
      allowedSources: [
        { source: { entity: { type: "DEVICE", id: shown } }, read: { type: "latest", keys: ["temperature"] } },
      ],
    });
    const client = await WsTestClient.connect(node.url);
    client.send({ type: "auth", cmdId: 0, publicId });
    const entity = { type: "DEVICE", id: shown };
    client.send({ type: "subscribeLatest", cmdId: 1, entity, keys: ["temperature"] });
    client.send({ type: "subscribeLatest", cmdId: 2, entity, keys: ["temperature", "secret"] });
    client.send({ type: "subscribeLatest", cmdId: 3, entity });
    await client.next((m) => m.type === "subscribed" && m.cmdId === 1);
    expect(await client.next((m) => m.type === "error" && m.cmdId === 2)).toMatchObject({
      error: { code: "NOT_FOUND", message: 'Key "secret" is not shown by this dashboard' },
    });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 3)).toMatchObject({
      error: { code: "NOT_FOUND" },
    });
    client.close();
  });

  it("refuses a bad API key with UNAUTHENTICATED and closes 4401", async () => {
    const client = await WsTestClient.connect(node.url);
    client.send({ type: "auth", cmdId: 3, apiKey: "iok_not-a-key" });
    expect(await client.next((m) => m.type === "error")).toEqual({
      type: "error",
      cmdId: 3,
      error: { code: "UNAUTHENTICATED", message: "This API key is not valid" },
    });
    expect(await client.closed).toBe(CLOSE_CODES.unauthenticated);
  });

  it("refuses a subscription before authentication and closes 4401", async () => {
    const client = await WsTestClient.connect(node.url, { cookie: "sid=stale-token" });
    client.send({ type: "subscribeLatest", cmdId: 1, entity: { type: "DEVICE", id: deviceId } });
    expect(await client.next((m) => m.type === "error")).toMatchObject({
      cmdId: 1,
      error: { code: "UNAUTHENTICATED" },
    });
    expect(await client.closed).toBe(CLOSE_CODES.unauthenticated);
  });

  it("closes a connection that never authenticates", async () => {
    const client = await WsTestClient.connect(node.url);
    expect(await client.closed).toBe(CLOSE_CODES.unauthenticated);
    expect(client.messages[0]).toMatchObject({ type: "error", cmdId: null, error: { code: "UNAUTHENTICATED" } });
  });

  it("refuses a second `auth` on an authenticated connection", async () => {
    const token = h.grant({ tenantId, scopes: [] });
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "auth", cmdId: 9, apiKey: token });
    expect(await client.next((m) => m.type === "error")).toMatchObject({ cmdId: 9, error: { code: "BAD_COMMAND" } });
    client.close();
  });
});
