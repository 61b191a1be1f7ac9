import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { createDashboard, getDashboard } from "./dashboards.ts";
import type { importDashboardInput } from "./dashboard-inputs.ts";

/** A copy with the same widgets and layout, titled "… (copy)"; not shared with anyone. */
export async function duplicateDashboard(ctx: TenantContext, id: string) {
  const source = await getDashboard(ctx, id);
  return createDashboard(ctx, { title: `${source.title} (copy)`.slice(0, 255), configuration: source.configuration });
}

/** The portable JSON of a dashboard: title and configuration (no ids of sharing or times). */
export async function exportDashboard(ctx: TenantContext, id: string) {
  const { title, configuration } = await getDashboard(ctx, id);
  return { title, configuration };
}

/** Creates a dashboard from exported JSON; the configuration is validated like any save. */
export function importDashboard(ctx: TenantContext, input: z.infer<typeof importDashboardInput>) {
  return createDashboard(ctx, input);
}
