import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

// A profile's defaults (rule chain, dashboard, a device profile's queue) are edited on its page: the API takes
// them on update, clears them with null, and refuses another workspace's rule chain or dashboard in words at
// the field (a foreign key alone would accept it: it does not see row-level security).
let h: ApiHarness;
let own: { cookie: string };
let other: { cookie: string };

beforeAll(async () => {
  h = await startApiHarness();
  [own, other] = [await h.signup("defaults-own"), await h.signup("defaults-other")];
});
afterAll(async () => {
  await h?.close();
});

type Profile = {
  id: string;
  defaultRuleChainId: string | null;
  defaultDashboardId: string | null;
  defaultQueueName?: string | null;
};
type ErrorBody = { error: { code: string; details?: { path: string[]; message: string }[] } };

const chain = { name: "Pumps", nodes: [], connections: [] };

async function create<T extends { id: string }>(who: { cookie: string }, path: string, body: unknown) {
  const created = await h.call<T>("POST", `/api/v1${path}`, { cookie: who.cookie, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

describe("a profile's defaults", () => {
  it("are set, read back and cleared through update", async () => {
    const profile = await create<Profile>(own, "/device-profiles", { name: "Pumps" });
    const ruleChain = await create<{ id: string }>(own, "/rule-chains", chain);
    const dashboard = await create<{ id: string }>(own, "/dashboards", { title: "Pump" });
    const set = await h.call<Profile>("PATCH", `/api/v1/device-profiles/${profile.id}`, {
      cookie: own.cookie,
      body: { defaultRuleChainId: ruleChain.id, defaultDashboardId: dashboard.id, defaultQueueName: "HighPriority" },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const read = await h.call<Profile>("GET", `/api/v1/device-profiles/${profile.id}`, { cookie: own.cookie });
    expect(read.body).toMatchObject({
      defaultRuleChainId: ruleChain.id,
      defaultDashboardId: dashboard.id,
      defaultQueueName: "HighPriority",
    });
    const cleared = await h.call<Profile>("PATCH", `/api/v1/device-profiles/${profile.id}`, {
      cookie: own.cookie,
      body: { defaultRuleChainId: null, defaultDashboardId: null, defaultQueueName: null },
    });
    expect(cleared.body).toMatchObject({ defaultRuleChainId: null, defaultDashboardId: null, defaultQueueName: null });
  });

  it("refuses another workspace's rule chain and dashboard at their fields, and changes nothing", async () => {
    const profile = await create<Profile>(own, "/asset-profiles", { name: "Sites" });
    const foreignChain = await create<{ id: string }>(other, "/rule-chains", chain);
    const foreignDashboard = await create<{ id: string }>(other, "/dashboards", { title: "Theirs" });
    const refused = await h.call<ErrorBody>("PATCH", `/api/v1/asset-profiles/${profile.id}`, {
      cookie: own.cookie,
      body: { defaultRuleChainId: foreignChain.id, defaultDashboardId: foreignDashboard.id },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([
      { path: ["defaultRuleChainId"], message: "No rule chain of this workspace has this id" },
      { path: ["defaultDashboardId"], message: "No dashboard of this workspace has this id" },
    ]);
    const read = await h.call<Profile>("GET", `/api/v1/asset-profiles/${profile.id}`, { cookie: own.cookie });
    expect(read.body).toMatchObject({ defaultRuleChainId: null, defaultDashboardId: null });
  });
});
