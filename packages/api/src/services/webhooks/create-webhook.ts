import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkWebhookUrl } from "./destination.ts";
import type { createWebhookInput } from "./schemas.ts";
import { generateWebhookSecret } from "./signature.ts";
import { toWebhookView } from "./webhook-view.ts";
import { publishWebhooksChanged } from "./webhooks-changed.ts";

/** The signing secret is in this answer once; it is stored sealed with the secret box. */
export async function createWebhook(ctx: TenantContext, input: z.infer<typeof createWebhookInput>) {
  const url = await checkWebhookUrl(ctx.deps, input.url);
  const secret = generateWebhookSecret();
  const row = await ctx.db.webhook.create({
    data: {
      tenantId: ctx.tenantId,
      url,
      events: input.events,
      description: input.description ?? null,
      enabled: input.enabled,
      disabledAt: input.enabled ? null : new Date(),
      secretEncrypted: ctx.deps.secrets.seal(secret),
      createdById: ctx.actor.userId,
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityId: row.id,
    entityName: row.url,
    actionData: { resource: "webhook", events: row.events },
  });
  await publishWebhooksChanged(ctx);
  return { ...toWebhookView(row), secret };
}
