import { createDevice, createDeviceProfile, createTenant } from "@industryos/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AllowedSource } from "../src/auth/authenticator.ts";
import type { ErrorMessage } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";
import { WsTestClient } from "./support/ws-test-client.ts";

// A public link's detail state reads the device it was opened for ("entity from state"): any device the
// state's openers (here a table of the "Pumps" profile) show, and no other: the link stays limited to
// what its dashboard can show (issue 23's finding 5).
let h: RealtimeHarness;
let node: RealtimeNode;
let client: WsTestClient;
let nextCmdId = 1;
const pumps: string[] = [];
let outsider: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node = await h.startNode();
  const tenantId = (await createTenant(h.db.system)).id;
  const profile = await createDeviceProfile(h.db.system, { tenantId, name: "Pumps" });
  for (let i = 0; i < 2; i++)
    pumps.push((await createDevice(h.db.system, { tenantId, deviceProfileId: profile.id })).device.id);
  outsider = (await createDevice(h.db.system, { tenantId })).device.id;
  const opener = { query: { type: "devicesOfProfile" as const, deviceProfileId: profile.id } };
  const allowedSources: AllowedSource[] = [
    // The table that opens the state, and the state's card of the clicked pump.
    { source: opener, read: { type: "latest", keys: ["site"] } },
    { source: { entityOf: [opener] }, read: { type: "latest", keys: ["temperature"] } },
    // A chart of one named device, for comparison: its device is readable without any state.
    { source: { entity: { type: "DEVICE", id: outsider } }, read: { type: "latest", keys: ["rpm"] } },
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

async function latest(deviceId: string, keys: string[]): Promise<"subscribed" | ErrorMessage["error"]> {
  const cmdId = nextCmdId++;
  client.send({ type: "subscribeLatest", cmdId, entity: { type: "DEVICE", id: deviceId }, keys });
  const answer = await client.next((m) => (m.type === "subscribed" || m.type === "error") && m.cmdId === cmdId);
  return answer.type === "subscribed" ? "subscribed" : (answer as ErrorMessage).error;
}

describe("a public link's entity-from-state widgets", () => {
  it("read each device the state's opener shows", async () => {
    for (const pump of pumps) expect(await latest(pump, ["temperature"])).toBe("subscribed");
  });

  it("do not read a device the opener does not show, as if it did not exist", async () => {
    expect(await latest(outsider, ["temperature"])).toEqual({
      code: "NOT_FOUND",
      message: `Device ${outsider} was not found`,
    });
    expect(await latest("00000000-0000-4000-8000-000000000bad", ["temperature"])).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("read only the keys the state's widgets show, not the opener's columns nor other widgets' keys", async () => {
    expect(await latest(pumps[0]!, ["site"])).toMatchObject({ code: "NOT_FOUND" });
    expect(await latest(pumps[0]!, ["rpm"])).toMatchObject({ code: "NOT_FOUND" });
    expect(await latest(pumps[0]!, ["temperature", "pressure"])).toMatchObject({ code: "NOT_FOUND" });
    // The named device keeps its own grant, and gains nothing from the state's.
    expect(await latest(outsider, ["rpm"])).toBe("subscribed");
  });
});
