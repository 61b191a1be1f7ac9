import { createDevice, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RealtimePrincipal } from "../src/auth/authenticator.ts";
import { CLOSE_CODES, type DataMessage } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { sleep, WsTestClient } from "./support/ws-test-client.ts";

let h: RealtimeHarness;
let node: RealtimeNode;
/** A second node: revocations reach every node, not only the one the API call went through. */
let otherNode: RealtimeNode;
let tenantId: string;
let deviceId: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node = await h.startNode();
  otherNode = await h.startNode();
  tenantId = (await createTenant(h.db.system)).id;
  deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
});
afterAll(() => h.stop());

const entity = () => ({ type: "DEVICE", id: deviceId });
const liveData = (client: WsTestClient) =>
  client.messages.filter((m): m is DataMessage => m.type === "data" && !m.initial);

/** An API-key connection with one live subscription, receiving data. */
async function streamingWithApiKey(target: RealtimeNode, principal: RealtimePrincipal) {
  const apiKey = h.grant(principal);
  const client = await WsTestClient.connect(target.url);
  client.send({ type: "auth", cmdId: 0, apiKey });
  client.send({ type: "subscribeLatest", cmdId: 1, entity: entity(), keys: ["temperature"] });
  await client.next((m) => m.type === "data" && m.cmdId === 1);
  return { client, apiKey };
}

/** Revoked connections send nothing more and accept no subscription, even if the client keeps talking. */
async function expectRevoked(client: WsTestClient) {
  expect(await client.closed).toBe(CLOSE_CODES.unauthenticated);
  expect(client.socket.readyState).not.toBe(client.socket.OPEN);
  const error = client.messages.find((m) => m.type === "error" && m.cmdId === null);
  expect(error).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
  const before = liveData(client).length;
  await h.publishTelemetry(tenantId, deviceId, { temperature: 99 });
  await sleep(150);
  expect(liveData(client).length).toBe(before);
}

describe("revocation events close the connections that stand on the revoked credential", () => {
  it("closes an API key's connections on every node with 4401, and leaves other keys streaming", async () => {
    const keyId = "api-key-1";
    const principal = { tenantId, scopes: ["read"], credentials: [{ kind: "apiKey" as const, id: keyId }] };
    const revokedHere = await streamingWithApiKey(node, principal);
    const revokedThere = await streamingWithApiKey(otherNode, principal);
    const bystander = await streamingWithApiKey(node, {
      tenantId,
      scopes: ["read"],
      credentials: [{ kind: "apiKey", id: "api-key-2" }],
    });
    // The harness forgets the tokens the way the database marks the key revoked, then publishes once.
    await h.revoke(revokedThere.apiKey, null);
    await h.revoke(revokedHere.apiKey, { kind: "apiKey", id: keyId });
    await expectRevoked(revokedHere.client);
    await expectRevoked(revokedThere.client);

    await h.publishTelemetry(tenantId, deviceId, { temperature: 20 });
    await bystander.client.next((m) => m.type === "data" && m.cmdId === 1 && !m.initial);
    expect(bystander.client.closeCode).toBeUndefined();
    bystander.client.close();
  });

  it("closes a cookie session when it is logged out, or when its user is disabled", async () => {
    const loggedOut = h.grant({
      tenantId,
      userId: "u-1",
      scopes: ["read", "write"],
      credentials: [
        { kind: "session", id: "s-1" },
        { kind: "user", id: "u-1" },
      ],
    });
    const disabled = h.grant({
      tenantId,
      userId: "u-2",
      scopes: ["read", "write"],
      credentials: [
        { kind: "session", id: "s-2" },
        { kind: "user", id: "u-2" },
      ],
    });
    const a = await h.connectWithCookie(node, loggedOut);
    const b = await h.connectWithCookie(node, disabled);
    await h.revoke(loggedOut, { kind: "session", id: "s-1" });
    await expectRevoked(a);
    expect(b.closeCode).toBeUndefined();
    await h.revoke(disabled, { kind: "user", id: "u-2" });
    await expectRevoked(b);
  });

  it("closes a public dashboard link that was turned off", async () => {
    const publicId = h.grant({
      tenantId,
      scopes: ["read"],
      allowedSources: [{ source: { entity: { type: "DEVICE", id: deviceId } }, read: { type: "latest", keys: ["t"] } }],
      credentials: [{ kind: "dashboard", id: "d-1" }],
    });
    const client = await WsTestClient.connect(node.url);
    client.send({ type: "auth", cmdId: 0, publicId });
    client.send({ type: "subscribeLatest", cmdId: 1, entity: entity(), keys: ["t"] });
    await client.next((m) => m.type === "subscribed");
    await h.revoke(publicId, { kind: "dashboard", id: "d-1" });
    await expectRevoked(client);
  });

  it("re-checks instead of closing blindly: a still-valid credential keeps its connection", async () => {
    // A password change signs out the user's other sessions; this one stays valid.
    const token = h.grant({
      tenantId,
      userId: "u-3",
      scopes: [],
      credentials: [
        { kind: "session", id: "s-3" },
        { kind: "user", id: "u-3" },
      ],
    });
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeLatest", cmdId: 1, entity: entity(), keys: ["temperature"] });
    await client.next((m) => m.type === "data" && m.cmdId === 1);
    const stillValid = await principalOf(token);
    const asked = h.authentications;
    await h.revoke(token, { kind: "user", id: "u-3" }, stillValid);
    await waitFor(() => h.authentications > asked);
    await h.publishTelemetry(tenantId, deviceId, { temperature: 21 });
    await client.next((m) => m.type === "data" && m.cmdId === 1 && !m.initial);
    expect(client.closeCode).toBeUndefined();
    client.close();
  });
});

describe("periodic re-validation", () => {
  it("closes a connection whose credential stopped working without an event (4401)", async () => {
    const fast = await h.startNode({ revalidateIntervalMs: 200 });
    const { client, apiKey } = await streamingWithApiKey(fast, { tenantId, scopes: ["read"] });
    await h.revoke(apiKey, null);
    await expectRevoked(client);
  });

  it("asks a connection whose access changed to reconnect (4409)", async () => {
    const fast = await h.startNode({ revalidateIntervalMs: 200 });
    const grant = (keys: string[]): RealtimePrincipal => ({
      tenantId,
      scopes: ["read"],
      allowedSources: [{ source: { entity: { type: "DEVICE", id: deviceId } }, read: { type: "latest", keys } }],
    });
    const publicId = h.grant(grant(["t", "secret"]));
    const client = await WsTestClient.connect(fast.url);
    client.send({ type: "auth", cmdId: 0, publicId });
    client.send({ type: "subscribeLatest", cmdId: 1, entity: entity(), keys: ["secret"] });
    await client.next((m) => m.type === "subscribed");
    // The dashboard no longer shows "secret".
    await h.revoke(publicId, null, grant(["t"]));
    expect(await client.closed).toBe(CLOSE_CODES.accessChanged);
  });

  it("leaves valid connections alone", async () => {
    const fast = await h.startNode({ revalidateIntervalMs: 100 });
    const { client } = await streamingWithApiKey(fast, { tenantId, scopes: ["read"] });
    const asked = h.authentications;
    await sleep(450);
    expect(h.authentications).toBeGreaterThan(asked);
    expect(client.closeCode).toBeUndefined();
    client.close();
  });
});

async function principalOf(token: string): Promise<RealtimePrincipal> {
  const principal = await h.authenticate({ kind: "apiKey", apiKey: token });
  if (!principal) throw new Error("unknown token");
  return principal;
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}
