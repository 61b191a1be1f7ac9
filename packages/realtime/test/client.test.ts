import { createDevice, createTenant } from "@industryos/db/testing";
import { WebSocket } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RealtimeClient, type ConnectionStatus, type WebSocketLike } from "../src/client/index.ts";
import type { DataMessage } from "../src/protocol/index.ts";
import { RealtimeHarness } from "./support/harness.ts";

let h: RealtimeHarness;
let tenantId: string;
let deviceId: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  tenantId = (await createTenant(h.db.system)).id;
  deviceId = (await createDevice(h.db.system, { tenantId })).device.id;
});
afterAll(() => h.stop());

const createSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

describe("RealtimeClient", () => {
  it("reconnects with backoff after the web node restarts and restores its subscriptions", async () => {
    let node = await h.startNode();
    const port = node.port;
    const statuses: ConnectionStatus[] = [];
    const received: DataMessage[] = [];
    const client = new RealtimeClient({
      url: node.url,
      auth: { apiKey: h.grant({ tenantId, scopes: [] }) },
      createSocket,
      backoff: { initialMs: 50, maxMs: 200 },
      onStatus: (s) => statuses.push(s),
    });
    client.subscribe(
      { type: "subscribeLatest", entity: { type: "DEVICE", id: deviceId }, keys: ["v"] },
      { onData: (m) => received.push(m) },
    );
    await expect.poll(() => received.length).toBe(1);
    await h.publishTelemetry(tenantId, deviceId, { v: 1 }, 1);
    await expect.poll(() => received.at(-1)?.data[deviceId]?.v?.[0]?.value).toBe(1);

    await node.close();
    await expect.poll(() => statuses.includes("reconnecting")).toBe(true);
    node = await h.startNode({}, port);
    // Restored: a fresh snapshot (initial) and then live data again, without any call from the page.
    await expect.poll(() => received.filter((m) => m.initial).length, { timeout: 5000 }).toBe(2);
    await h.publishTelemetry(tenantId, deviceId, { v: 2 }, 2);
    await expect.poll(() => received.at(-1)?.data[deviceId]?.v?.[0]?.value).toBe(2);
    expect(statuses).toEqual(["open", "reconnecting", "open"]);
    client.close();
  });

  it("reports a refused subscription once and stops on a bad credential instead of retrying", async () => {
    const node = await h.startNode();
    const errors: string[] = [];
    const statuses: ConnectionStatus[] = [];
    const ok = new RealtimeClient({ url: node.url, auth: { apiKey: h.grant({ tenantId, scopes: [] }) }, createSocket });
    ok.subscribe(
      { type: "subscribeLatest", entity: { type: "DEVICE", id: "00000000-0000-4000-8000-000000000000" } },
      { onData: () => {}, onError: (e) => errors.push(e.code) },
    );
    await expect.poll(() => errors).toEqual(["NOT_FOUND"]);
    ok.close();

    const bad = new RealtimeClient({
      url: node.url,
      auth: { apiKey: "wrong" },
      createSocket,
      onStatus: (s) => statuses.push(s),
    });
    await expect.poll(() => bad.status).toBe("unauthenticated");
    expect(statuses).toEqual(["unauthenticated"]);
    bad.close();
  });
});
