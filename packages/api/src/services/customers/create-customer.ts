import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emitEntityEvent } from "../telemetry/entity-events.ts";
import { toView } from "./customer-view.ts";
import type { customerInput } from "./schemas.ts";

export async function createCustomer(ctx: TenantContext, input: z.infer<typeof customerInput>) {
  const row = await ctx.db.customer.create({
    data: { tenantId: ctx.tenantId, title: input.title, email: input.email ?? null, phone: input.phone ?? null },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "CUSTOMER",
    entityId: row.id,
    entityName: row.title,
  });
  const view = toView(row);
  await emitEntityEvent(ctx, { type: "CUSTOMER", id: row.id }, view, "ENTITY_CREATED");
  return view;
}
