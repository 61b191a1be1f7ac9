import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { createTemplateInput } from "./schemas.ts";
import { toView } from "./template-view.ts";

/** A new template; its name is unique in the tenant (409 otherwise). */
export async function createTemplate(ctx: TenantContext, input: z.infer<typeof createTemplateInput>) {
  const row = await ctx.db.notificationTemplate.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      notificationType: input.notificationType,
      channels: input.channels as never,
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityName: row.name,
    actionData: { notificationTemplateId: row.id },
  });
  return toView(row);
}
