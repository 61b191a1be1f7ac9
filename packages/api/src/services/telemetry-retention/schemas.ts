import { z } from "zod";

const days = z.number().int().min(1, "At least one day").max(36_500);

/**
 * A tenant's telemetry retention (Tenant.settings.retention): points older than `days` go, and keys starting with
 * a rule's prefix keep their own number of days (the longest matching prefix wins). Never beyond the platform's
 * TELEMETRY_RETENTION_DAYS, which applies to everyone, nor the tenant's `maxRetentionDays` limit when a system
 * administrator set one. `days` null: the tenant's limit, else the platform's.
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
  /** The system administrator's limit for this tenant (its `maxRetentionDays`); null: none, the platform's applies. */
  tenantMaxDays: z.number().nullable(),
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

/**
 * The retention the maintenance applies: the tenant's own within its `maxRetentionDays` limit (null: none). A limit
 * lowered after the tenant chose more days cuts them to it, and a tenant that chose nothing keeps the limit's days.
 */
export function cappedRetention(retention: TenantRetention, maxDays: number | null | undefined): TenantRetention {
  if (maxDays === null || maxDays === undefined) return retention;
  return {
    days: Math.min(retention.days ?? maxDays, maxDays),
    keys: retention.keys.map((rule) => ({ ...rule, days: Math.min(rule.days, maxDays) })),
  };
}
