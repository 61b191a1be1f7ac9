import { z } from "zod";

const days = z.number().int().min(1, "At least one day").max(36_500);

/**
 * A tenant's telemetry retention (Tenant.settings.retention): points older than `days` go, and keys starting with
 * a rule's prefix keep their own number of days (the longest matching prefix wins). Never beyond the platform's
 * TELEMETRY_RETENTION_DAYS, which applies to everyone. `days` null: the platform's limit.
 */
export const tenantRetention = z.object({
  days: days.nullable().default(null),
  keys: z
    .array(z.object({ prefix: z.string().trim().min(1, "Give the key prefix").max(255), days }))
    .max(20, "At most 20 key rules")
    .default([]),
});
export type TenantRetention = z.infer<typeof tenantRetention>;

export const retentionView = tenantRetention.extend({
  /** The platform's limit (TELEMETRY_RETENTION_DAYS as the last maintenance applied it). */
  platformMaxDays: z.number(),
});

/** The tenant's retention as its settings hold it; an unreadable entry counts as none. */
export function retentionOf(settings: unknown): TenantRetention {
  const parsed = tenantRetention.safeParse((settings as { retention?: unknown } | null)?.retention ?? {});
  return parsed.success ? parsed.data : { days: null, keys: [] };
}

/** How many days a key's points are kept: its longest matching prefix rule, else the tenant's days; null: the platform's. */
export function retentionDaysOfKey(retention: TenantRetention, key: string): number | null {
  const rule = retention.keys
    .filter((r) => key.startsWith(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return rule?.days ?? retention.days;
}
