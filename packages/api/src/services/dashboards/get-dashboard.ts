import type { TenantContext } from "../../context.ts";
import { findVisible } from "./dashboard-access.ts";
import { toView } from "./dashboard-view.ts";

export async function getDashboard(ctx: TenantContext, id: string) {
  const row = await findVisible(ctx, id);
  // Customers do not learn which other customers a dashboard is shared with.
  return ctx.actor.role === "CUSTOMER_USER"
    ? toView({ ...row, customerLinks: undefined, publicId: undefined })
    : toView(row);
}
