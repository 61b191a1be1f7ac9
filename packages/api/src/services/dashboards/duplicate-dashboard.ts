import type { TenantContext } from "../../context.ts";
import { createDashboard } from "./create-dashboard.ts";
import { getDashboard } from "./get-dashboard.ts";

/** A copy with the same widgets and layout, titled "… (copy)"; not shared with anyone. */
export async function duplicateDashboard(ctx: TenantContext, id: string) {
  const source = await getDashboard(ctx, id);
  return createDashboard(ctx, { title: `${source.title} (copy)`.slice(0, 255), configuration: source.configuration });
}
