import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findWebhook } from "./find-webhook.ts";
import { publishWebhooksChanged } from "./webhooks-changed.ts";

/** Deletes the webhook and its delivery log; retries still scheduled find nothing to send and end. */
export async function deleteWebhook(ctx: TenantContext, id: string) {
  const row = await findWebhook(ctx, id);
  await ctx.db.webhook.delete({ where: { id } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityId: row.id,
    entityName: row.url,
    actionData: { resource: "webhook" },
  });
  await publishWebhooksChanged(ctx);
  return { id, deleted: true as const };
}
