import { createCustomer, createTenant } from "@industryos/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/actor.ts";
import { tenantContext, type TenantContext } from "../src/context.ts";
import { createAsset } from "../src/services/assets/create-asset.ts";
import { listAssets } from "../src/services/assets/list-assets.ts";
import { assignDashboardCustomers } from "../src/services/dashboards/assign-dashboard-customers.ts";
import { createDashboard } from "../src/services/dashboards/create-dashboard.ts";
import { listDashboards } from "../src/services/dashboards/list-dashboards.ts";
import { createProfile } from "../src/services/profiles/create-profile.ts";
import { getProfile } from "../src/services/profiles/get-profile.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

// Issue 24's detail pages read a customer's dashboards, an asset profile's assets and a profile's
// defaults through the existing list and get operations: the filters narrow, and only within the tenant.
let h: ApiHarness;
let admin: TenantContext;
let otherTenant: TenantContext;
let customerId: string;

const actor = (tenantId: string, extra: Omit<Partial<Actor>, "tenantId"> = {}): Actor & { tenantId: string } => ({
  userId: null,
  email: null,
  role: "TENANT_ADMIN",
  customerId: null,
  ...extra,
  tenantId,
});

beforeAll(async () => {
  h = await startApiHarness();
  const system = h.deps.db.system;
  const tenantA = (await createTenant(system)).id;
  const tenantB = (await createTenant(system)).id;
  admin = tenantContext(h.deps, actor(tenantA));
  otherTenant = tenantContext(h.deps, actor(tenantB));
  customerId = (await createCustomer(system, { tenantId: tenantA })).id;
});
afterAll(() => h?.close());

const titles = (list: { data: { title: string }[] }) => list.data.map((d) => d.title).sort();

describe("filters behind the detail pages", () => {
  it("lists only the dashboards assigned to a customer, and none of another tenant's customer", async () => {
    const shared = await createDashboard(admin, { title: "Shared with the customer" });
    await createDashboard(admin, { title: "Kept by the tenant" });
    await assignDashboardCustomers(admin, shared.id, { customerIds: [customerId] });

    expect(titles(await listDashboards(admin, { page: 1, pageSize: 20, customerId }))).toEqual([
      "Shared with the customer",
    ]);
    expect((await listDashboards(admin, { page: 1, pageSize: 20 })).total).toBe(2);
    expect(await listDashboards(otherTenant, { page: 1, pageSize: 20, customerId })).toMatchObject({
      data: [],
      total: 0,
    });
  });

  it("lists only the assets of one asset profile, and none of another tenant's profile", async () => {
    const plant = await createProfile(admin, "asset", { name: "Plant" });
    await createAsset(admin, { name: "Plant North", profileId: plant.id });
    const other = await createProfile(admin, "asset", { name: "Shed" });
    await createAsset(admin, { name: "Loose shed", profileId: other.id });

    const ofPlant = await listAssets(admin, { page: 1, pageSize: 20, profileId: plant.id });
    expect(ofPlant.data.map((a) => a.name)).toEqual(["Plant North"]);
    expect(ofPlant.total).toBe(1);
    expect((await listAssets(otherTenant, { page: 1, pageSize: 20, profileId: plant.id })).total).toBe(0);
  });

  it("shows a profile's transport type and defaults, null until set", async () => {
    const device = await createProfile(admin, "device", { name: "Meter" });
    expect(await getProfile(admin, "device", device.id)).toMatchObject({
      transportType: "DEFAULT",
      defaultRuleChainId: null,
      defaultDashboardId: null,
      defaultQueueName: null,
    });
    const asset = await createProfile(admin, "asset", { name: "Yard" });
    const assetView = await getProfile(admin, "asset", asset.id);
    expect(assetView).toMatchObject({ defaultRuleChainId: null, defaultDashboardId: null });
    expect(assetView).not.toHaveProperty("transportType");
  });
});
