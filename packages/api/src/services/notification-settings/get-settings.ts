import type { TenantContext } from "../../context.ts";
import { resendEventsPath } from "../delivery-reports/callback-paths.ts";
import { NOTIFICATION_CHANNELS } from "../notification-templates/schemas.ts";
import { providersView } from "./provider-settings.ts";
import { DEFAULT_RATE_LIMITS, effectiveRateLimits } from "./rate-limits.ts";

export interface SettingsRow {
  providers: unknown;
  rateLimits: unknown;
  updatedAt: Date;
}

/** The settings as the API shows them: configured or not, non-secret fields, limits with their defaults. */
export function settingsView(ctx: TenantContext, row: SettingsRow | null) {
  const own = (row?.rateLimits ?? {}) as Record<string, unknown>;
  const limits = effectiveRateLimits(row?.rateLimits);
  return {
    providers: providersView(row?.providers, Boolean(ctx.deps.email.resendApiKey)),
    rateLimits: Object.fromEntries(
      NOTIFICATION_CHANNELS.map((channel) => [
        channel,
        { perMinute: limits[channel], default: DEFAULT_RATE_LIMITS[channel], custom: typeof own[channel] === "number" },
      ]),
    ),
    updatedAt: row?.updatedAt.toISOString() ?? null,
    /** The endpoint to give the tenant's Resend webhook (Twilio's status callback is set on every SMS). */
    resendWebhookUrl: new URL(resendEventsPath(ctx.tenantId), ctx.deps.publicUrl).toString(),
  };
}

export async function getSettings(ctx: TenantContext) {
  return settingsView(ctx, await ctx.db.notificationSettings.findUnique({ where: { tenantId: ctx.tenantId } }));
}
