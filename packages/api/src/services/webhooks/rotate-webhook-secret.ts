import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findWebhook } from "./find-webhook.ts";
import { generateWebhookSecret } from "./signature.ts";
import { toWebhookView } from "./webhook-view.ts";
import { publishWebhooksChanged } from "./webhooks-changed.ts";

/**
 * A new signing secret, in this answer once. Every attempt from now on, retries of older
 * deliveries included, is signed with it (the dispatchers drop the old one on the change message).
 */
export async function rotateWebhookSecret(ctx: TenantContext, id: string) {
  await findWebhook(ctx, id);
  const secret = generateWebhookSecret();
  const row = await ctx.db.webhook.update({ where: { id }, data: { secretEncrypted: ctx.deps.secrets.seal(secret) } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "CREDENTIALS_UPDATED",
    entityId: row.id,
    entityName: row.url,
    actionData: { resource: "webhook" },
  });
  await publishWebhooksChanged(ctx);
  return { ...toWebhookView(row), secret };
}
