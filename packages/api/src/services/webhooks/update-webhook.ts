import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkWebhookUrl } from "./destination.ts";
import { findWebhook } from "./find-webhook.ts";
import type { updateWebhookInput } from "./schemas.ts";
import { toWebhookView } from "./webhook-view.ts";
import { publishWebhooksChanged } from "./webhooks-changed.ts";

/**
 * Changes what is sent. Enabling a webhook (also one the platform disabled after its failures)
 * starts its failure count afresh; disabling one stops new deliveries and the retries of pending
 * ones (each ends FAILED at its next attempt).
 */
export async function updateWebhook(ctx: TenantContext, id: string, input: z.infer<typeof updateWebhookInput>) {
  const before = await findWebhook(ctx, id);
  const url = input.url === undefined ? undefined : await checkWebhookUrl(ctx.deps, input.url);
  const enabling = input.enabled === true && !before.enabled;
  const disabling = input.enabled === false && before.enabled;
  const row = await ctx.db.webhook.update({
    where: { id },
    data: {
      ...(url === undefined ? {} : { url }),
      ...(input.events === undefined ? {} : { events: input.events }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      ...(enabling ? { consecutiveFailures: 0, disabledAt: null, disabledReason: null } : {}),
      ...(disabling ? { disabledAt: new Date(), disabledReason: null } : {}),
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityId: row.id,
    entityName: row.url,
    actionData: { resource: "webhook", changed: Object.keys(input) },
  });
  await publishWebhooksChanged(ctx);
  return toWebhookView(row);
}
