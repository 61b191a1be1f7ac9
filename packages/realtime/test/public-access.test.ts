import { createDevice, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AllowedSource } from "../src/auth/authenticator.ts";
import type { ErrorMessage } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { WsTestClient } from "./support/ws-test-client.ts";

let h: RealtimeHarness;
let node: RealtimeNode;
let tenantId: string;
let shown: string;
let client: WsTestClient;
let nextCmdId = 1;

const HOUR = 3_600_000;
const assetId = "00000000-0000-4000-8000-0000000000a1";

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node = await h.startNode();
  tenantId = (await createTenant(h.db.system)).id;
  shown = (await createDevice(h.db.system, { tenantId })).device.id;
  const device = { entity: { type: "DEVICE" as const, id: shown } };
  // What a dashboard with a value widget, a chart of the last hour and a CLIENT attributes widget reads.
  const allowedSources: AllowedSource[] = [
    { source: device, read: { type: "latest", keys: ["temperature", "humidity"] } },
    { source: device, read: { type: "timeseries", keys: ["temperature"], window: { lastMs: HOUR } } },
    { source: device, read: { type: "attributes", scope: "CLIENT", keys: ["firmware"] } },
    {
      source: { query: { type: "devicesRelatedToAsset", assetId, relationType: "Contains" } },
      read: { type: "latest", keys: ["temperature"] },
    },
  ];
  const publicId = h.grant({ tenantId, scopes: ["read"], allowedSources });
  client = await WsTestClient.connect(node.url);
  client.send({ type: "auth", cmdId: 0, publicId });
  await client.next((m) => m.type === "authenticated");
});
afterAll(async () => {
  client?.close();
  await h.stop();
});

/** Sends one subscription; resolves to "subscribed" or the error message. */
async function attempt(command: Record<string, unknown>): Promise<"subscribed" | ErrorMessage["error"]> {
  const cmdId = nextCmdId++;
  client.send({ entity: { type: "DEVICE", id: shown }, ...command, cmdId });
  const answer = await client.next((m) => (m.type === "subscribed" || m.type === "error") && m.cmdId === cmdId);
  return answer.type === "subscribed" ? "subscribed" : (answer as ErrorMessage).error;
}

const notFound = { code: "NOT_FOUND" };

describe("a public dashboard link reads exactly what its widgets show", () => {
  it("reads the widgets' subscriptions", async () => {
    expect(await attempt({ type: "subscribeLatest", keys: ["temperature", "humidity"] })).toBe("subscribed");
    expect(
      await attempt({ type: "subscribeTimeseries", keys: ["temperature"], window: { lastMs: HOUR }, limit: 1000 }),
    ).toBe("subscribed");
    expect(
      await attempt({
        type: "subscribeTimeseries",
        keys: ["temperature"],
        window: { lastMs: HOUR },
        agg: "AVG",
        intervalMs: 60_000,
      }),
    ).toBe("subscribed");
    expect(await attempt({ type: "subscribeAttributes", scope: "CLIENT", keys: ["firmware"] })).toBe("subscribed");
  });

  it("does not read SERVER or SHARED attributes named like a shown key, nor all keys of the shown scope", async () => {
    for (const keys of [["temperature"], ["firmware"]]) {
      expect(await attempt({ type: "subscribeAttributes", scope: "SERVER", keys })).toMatchObject(notFound);
      expect(await attempt({ type: "subscribeAttributes", scope: "SHARED", keys })).toMatchObject(notFound);
    }
    expect(await attempt({ type: "subscribeAttributes", scope: "CLIENT" })).toMatchObject(notFound);
    expect(await attempt({ type: "subscribeAttributes", scope: "CLIENT", keys: ["temperature"] })).toMatchObject(
      notFound,
    );
  });

  it("reads no history outside the dashboard's window, nor of keys only shown as latest values", async () => {
    const series = { type: "subscribeTimeseries", keys: ["temperature"] };
    expect(await attempt({ ...series, window: { lastMs: 30 * 24 * HOUR } })).toMatchObject(notFound);
    expect(await attempt({ ...series, window: { from: 0, to: Date.now() } })).toMatchObject(notFound);
    expect(await attempt({ ...series, window: { from: Date.now() - HOUR / 2, to: Date.now() } })).toMatchObject(
      notFound,
    );
    expect(await attempt({ ...series, keys: ["humidity"], window: { lastMs: HOUR } })).toMatchObject(notFound);
    // More detail than the chart draws: 50,000 raw points, or 3,600 one-second buckets.
    expect(await attempt({ ...series, window: { lastMs: HOUR }, limit: 50_000 })).toMatchObject(notFound);
    expect(await attempt({ ...series, window: { lastMs: HOUR }, agg: "AVG", intervalMs: 1000 })).toMatchObject(
      notFound,
    );
    // A shorter rolling window shows less than the dashboard does: allowed.
    expect(await attempt({ ...series, window: { lastMs: HOUR / 2 } })).toBe("subscribed");
  });

  it("reads no latest values of keys only charted or only shown as attributes", async () => {
    expect(await attempt({ type: "subscribeLatest", keys: ["firmware"] })).toMatchObject(notFound);
    expect(await attempt({ type: "subscribeLatest" })).toMatchObject(notFound);
  });

  it("uses a widget's entity query exactly as the widget names it", async () => {
    const related = { type: "devicesRelatedToAsset", assetId };
    const latest = { type: "subscribeLatest", entity: undefined, keys: ["temperature"] };
    expect(await attempt({ ...latest, query: related })).toMatchObject(notFound);
    expect(await attempt({ ...latest, query: { ...related, relationType: "Manages" } })).toMatchObject(notFound);
    expect(await attempt({ ...latest, query: { type: "devicesOfProfile", deviceProfileId: assetId } })).toMatchObject(
      notFound,
    );
    // The same source and keys: allowed through (the asset itself does not exist in this test).
    expect(await attempt({ ...latest, query: { ...related, relationType: "Contains" } })).toMatchObject({
      code: "NOT_FOUND",
      message: `Asset ${assetId} was not found`,
    });
  });
});
