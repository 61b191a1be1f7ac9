import type { TenantContext } from "../../context.ts";
import { WEBHOOKS_CHANGED_CHANNEL } from "./events.ts";

/**
 * Tells the workers' dispatchers to drop the tenant's cached subscriptions. The change is
 * committed already; if Redis misses this, the dispatchers' cache still expires within a minute.
 */
export async function publishWebhooksChanged(ctx: TenantContext): Promise<void> {
  await ctx.deps.redis
    .publish(WEBHOOKS_CHANGED_CHANNEL, JSON.stringify({ tenantId: ctx.tenantId }))
    .catch((error: unknown) => ctx.deps.logger.warn({ err: error }, "webhook change not published to the dispatchers"));
}
