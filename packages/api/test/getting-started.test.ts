import { createCustomer, createDevice, createTenant, createUser } from "@industryos/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenantContext, type TenantContext } from "../src/context.ts";
import { createDashboard } from "../src/services/dashboards/create-dashboard.ts";
import { getGettingStarted, updateGettingStarted } from "../src/services/getting-started/getting-started.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

// The home page's checklist: steps follow what the workspace has done, stay done once seen (a deleted
// device does not undo "add a device"), and a dismissed checklist stays dismissed, per tenant.
let h: ApiHarness;
let admin: TenantContext;
let other: TenantContext;
let tenantId: string;

const adminOf = (id: string) =>
  tenantContext(h.deps, { userId: null, email: null, role: "TENANT_ADMIN", customerId: null, tenantId: id });

beforeAll(async () => {
  h = await startApiHarness();
  tenantId = (await createTenant(h.deps.db.system)).id;
  admin = adminOf(tenantId);
  other = adminOf((await createTenant(h.deps.db.system)).id);
});
afterAll(() => h?.close());

describe("getting started", () => {
  it("ticks each step as the workspace does it, and counts devices online and offline", async () => {
    const fresh = await getGettingStarted(admin);
    expect(fresh.steps).toEqual({ addDevice: false, sendData: false, buildDashboard: false, inviteCustomer: false });
    expect(fresh.latestDevice).toBeNull();

    const system = h.deps.db.system;
    const quiet = (await createDevice(system, { tenantId, name: "Quiet pump" })).device;
    const afterDevice = await getGettingStarted(admin);
    expect(afterDevice.steps.addDevice).toBe(true);
    expect(afterDevice.steps.sendData).toBe(false);
    expect(afterDevice.latestDevice).toMatchObject({ id: quiet.id, name: "Quiet pump", lastActivityAt: null });

    await createDevice(system, { tenantId, name: "Busy meter", lastActivityAt: new Date() });
    await createDashboard(admin, { title: "Plant" });
    const customerId = (await createCustomer(system, { tenantId })).id;
    await createUser(system, { tenantId, customerId, role: "CUSTOMER_USER" });
    const all = await getGettingStarted(admin);
    expect(all.steps).toEqual({ addDevice: true, sendData: true, buildDashboard: true, inviteCustomer: true });
    expect(all.counts).toMatchObject({ devices: 2, online: 1, offline: 1, reportedToday: 1, dashboards: 1 });

    // Another tenant sees none of it.
    expect((await getGettingStarted(other)).counts.devices).toBe(0);
  });

  it("remembers done steps and the dismissal in the tenant's settings", async () => {
    await h.deps.db.system.device.deleteMany({ where: { tenantId } });
    const remembered = await getGettingStarted(admin);
    expect(remembered.steps.addDevice).toBe(true);
    expect(remembered.counts.devices).toBe(0);

    expect((await updateGettingStarted(admin, { dismissed: true })).dismissed).toBe(true);
    expect((await getGettingStarted(admin)).dismissed).toBe(true);
    expect((await getGettingStarted(other)).dismissed).toBe(false);
    const settings = await h.deps.db.system.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { settings: true },
    });
    expect(settings.settings).toMatchObject({ gettingStarted: { dismissed: true } });
  });
});
