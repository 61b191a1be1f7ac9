import { expect, test } from "vitest";
import { DEMO_EMAIL, seedDemoTenant, verifySecret } from "../src/index.ts";
import { useTestDatabase } from "./helpers.ts";

const ctx = useTestDatabase();

test("the demo seed is idempotent, even when two run at once", async () => {
  const [first, second] = await Promise.all([
    seedDemoTenant(ctx.clients, { password: "demo-pass-1" }),
    seedDemoTenant(ctx.clients, { password: "demo-pass-1" }),
  ]);
  expect(second).toEqual(first);
  expect(first.email).toBe(DEMO_EMAIL);
  expect(first.devices.length).toBeGreaterThanOrEqual(3);
  expect(new Set(first.devices.map((d) => d.accessToken)).size).toBe(first.devices.length);

  const again = await seedDemoTenant(ctx.clients, { password: "demo-pass-2" });
  expect(again.tenantId).toBe(first.tenantId);
  expect(again.devices).toEqual(first.devices);
  const user = await ctx.clients.system.user.findUniqueOrThrow({ where: { email: DEMO_EMAIL } });
  expect(await verifySecret(user.passwordHash!, "demo-pass-2")).toBe(true);
  expect(await ctx.clients.system.tenant.count()).toBe(1);

  // One "Plant overview" dashboard over the demo devices, not seeded again once deleted.
  const dashboards = await ctx.clients.system.dashboard.findMany({ where: { tenantId: first.tenantId } });
  expect(dashboards.map((d) => d.title)).toEqual(["Plant overview"]);
  const bound = JSON.stringify(dashboards[0]!.configuration);
  for (const device of first.devices) expect(bound).toContain(device.id);
  await ctx.clients.system.dashboard.deleteMany({ where: { tenantId: first.tenantId } });
  await seedDemoTenant(ctx.clients, { password: "demo-pass-2" });
  expect(await ctx.clients.system.dashboard.count({ where: { tenantId: first.tenantId } })).toBe(0);

  // The demo tenant is visible to its own tenant-scoped client.
  expect(await ctx.clients.forTenant(first.tenantId).device.count()).toBe(first.devices.length);
});
