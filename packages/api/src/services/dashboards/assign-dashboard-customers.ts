import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanEdit } from "./dashboard-access.ts";
import { getDashboard } from "./get-dashboard.ts";
import type { assignCustomersInput } from "./schemas.ts";

/**
 * Shares a dashboard with exactly these customers (replacing the previous list): their users
 * then see it read-only, and its widgets show only their customer's devices (the WebSocket
 * server scopes every subscription of a customer user to its customer).
 */
export async function assignDashboardCustomers(
  ctx: TenantContext,
  id: string,
  input: z.infer<typeof assignCustomersInput>,
) {
  assertCanEdit(ctx);
  const dashboard = await getDashboard(ctx, id);
  const customerIds = [...new Set(input.customerIds)];
  const found = customerIds.length ? await ctx.db.customer.count({ where: { id: { in: customerIds } } }) : 0;
  if (found !== customerIds.length) throw new ApiError("VALIDATION_FAILED", "A customer in customerIds does not exist");
  await ctx.db.$transaction(async (tx) => {
    await tx.dashboardCustomer.deleteMany({ where: { dashboardId: id } });
    if (customerIds.length)
      await tx.dashboardCustomer.createMany({
        data: customerIds.map((customerId) => ({ tenantId: ctx.tenantId, dashboardId: id, customerId })),
      });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ASSIGNED_TO_CUSTOMER",
    entityType: "DASHBOARD",
    entityId: id,
    entityName: dashboard.title,
    actionData: { customerIds },
  });
  return getDashboard(ctx, id);
}
