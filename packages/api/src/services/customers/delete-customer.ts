import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emitEntityEvent } from "../telemetry/entity-events.ts";
import { getCustomer } from "./get-customer.ts";

/** Its devices and assets go back to the tenant; its users are deleted with it. */
export async function deleteCustomer(ctx: TenantContext, id: string): Promise<void> {
  const customer = await getCustomer(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.device.updateMany({ where: { customerId: id }, data: { customerId: null } });
    await tx.asset.updateMany({ where: { customerId: id }, data: { customerId: null } });
    await tx.customer.delete({ where: { id } });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "CUSTOMER",
    entityId: id,
    entityName: customer.title,
  });
  await emitEntityEvent(ctx, { type: "CUSTOMER", id }, customer, "ENTITY_DELETED");
}
