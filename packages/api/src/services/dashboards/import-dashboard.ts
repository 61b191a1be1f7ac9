import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { createDashboard } from "./create-dashboard.ts";
import type { importDashboardInput } from "./schemas.ts";

/** Creates a dashboard from exported JSON; the configuration is validated like any save. */
export function importDashboard(ctx: TenantContext, input: z.infer<typeof importDashboardInput>) {
  return createDashboard(ctx, input);
}
