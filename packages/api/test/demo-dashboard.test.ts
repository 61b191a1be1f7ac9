import { dashboardConfigSchema } from "@industryos/dashboard-schema";
import { seedDemoTenant } from "@industryos/db";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tenantContext } from "../src/context.ts";
import { getDashboard } from "../src/services/dashboards/get-dashboard.ts";
import { listDashboards } from "../src/services/dashboards/list-dashboards.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

// The demo tenant's seeded "Plant overview" is a dashboard the console can open and draw: its
// configuration passes the schema every save passes, and each widget is bound to a demo device.
let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.close());

it("seeds a Plant overview the API serves and the schema accepts", async () => {
  const demo = await seedDemoTenant({ system: h.deps.db.system });
  const ctx = tenantContext(h.deps, {
    userId: null,
    email: null,
    role: "TENANT_ADMIN",
    customerId: null,
    tenantId: demo.tenantId,
  });
  const [listed] = (await listDashboards(ctx, { page: 1, pageSize: 10 })).data;
  expect(listed?.title).toBe("Plant overview");
  const dashboard = await getDashboard(ctx, listed!.id);
  const config = dashboardConfigSchema.parse(dashboard.configuration);
  expect(config.widgets.length).toBeGreaterThanOrEqual(8);
  const deviceIds = new Set(demo.devices.map((d) => d.id));
  for (const widget of config.widgets)
    if ("source" in widget && widget.source.type === "device") expect(deviceIds.has(widget.source.deviceId)).toBe(true);
});
