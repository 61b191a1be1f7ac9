import type { TenantContext } from "../../context.ts";
import { getDashboard } from "./get-dashboard.ts";

/** The portable JSON of a dashboard: title and configuration (no ids of sharing or times). */
export async function exportDashboard(ctx: TenantContext, id: string) {
  const { title, configuration } = await getDashboard(ctx, id);
  return { title, configuration };
}
