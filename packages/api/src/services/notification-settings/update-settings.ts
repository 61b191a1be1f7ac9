import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { settingsView } from "./get-settings.ts";
import { sealProviders, type StoredProviders } from "./provider-settings.ts";
import type { updateSettingsInput } from "./schemas.ts";

/**
 * Changes providers and rate limits. Secrets are sealed with the secret box before they reach the
 * database and never come back out of the API. The row is locked for the change, so two admins
 * saving at once do not drop each other's provider.
 */
export async function updateSettings(ctx: TenantContext, input: z.infer<typeof updateSettingsInput>) {
  const row = await ctx.db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "NotificationSettings" ("tenantId") VALUES (${ctx.tenantId}::uuid) ON CONFLICT DO NOTHING`;
    const [current] = await tx.$queryRaw<{ providers: unknown; rateLimits: unknown }[]>`
      SELECT providers, "rateLimits" FROM "NotificationSettings" WHERE "tenantId" = ${ctx.tenantId}::uuid FOR UPDATE`;
    const providers = input.providers
      ? sealProviders(ctx.deps.secrets, input.providers, (current?.providers ?? {}) as StoredProviders)
      : current?.providers;
    const rateLimits: Record<string, unknown> = { ...((current?.rateLimits ?? {}) as Record<string, unknown>) };
    for (const [channel, value] of Object.entries(input.rateLimits ?? {})) {
      if (value === null) delete rateLimits[channel];
      else if (value !== undefined) rateLimits[channel] = value;
    }
    return tx.notificationSettings.update({
      where: { tenantId: ctx.tenantId },
      data: { providers: providers as never, rateLimits: rateLimits as never },
    });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityName: "Notification settings",
    // Which providers changed, never their values.
    actionData: {
      providers: Object.fromEntries(
        Object.entries(input.providers ?? {}).map(([name, value]) => [name, value === null ? "removed" : "set"]),
      ),
      rateLimits: input.rateLimits ?? {},
    },
  });
  return settingsView(ctx, row);
}
