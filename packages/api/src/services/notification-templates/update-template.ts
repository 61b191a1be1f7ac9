import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findTemplate } from "./find-template.ts";
import type { updateTemplateInput } from "./schemas.ts";
import { toView } from "./template-view.ts";

/** Changes a template; notifications already being sent keep rendering from the stored row as it is then. */
export async function updateTemplate(ctx: TenantContext, id: string, input: z.infer<typeof updateTemplateInput>) {
  await findTemplate(ctx, id);
  const row = await ctx.db.notificationTemplate.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.notificationType !== undefined ? { notificationType: input.notificationType } : {}),
      ...(input.channels !== undefined ? { channels: input.channels as never } : {}),
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityName: row.name,
    actionData: { notificationTemplateId: row.id },
  });
  return toView(row);
}
