import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emitEntityEvent } from "../telemetry/entity-events.ts";
import { toView } from "./customer-view.ts";
import { getCustomer } from "./get-customer.ts";
import type { customerInput } from "./schemas.ts";

export async function updateCustomer(ctx: TenantContext, id: string, input: Partial<z.infer<typeof customerInput>>) {
  await getCustomer(ctx, id);
  const row = await ctx.db.customer.update({
    where: { id },
    data: {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "CUSTOMER",
    entityId: id,
    entityName: row.title,
  });
  const view = toView(row);
  await emitEntityEvent(ctx, { type: "CUSTOMER", id }, view, "ENTITY_UPDATED");
  return view;
}
