import { z } from "zod";
import { pagingInput } from "../shared/paging.ts";

/** ThingsBoard's rate-limit string: "capacity:seconds" pairs, e.g. "10:1,300:60". */
const rateLimit = z
  .string()
  .trim()
  .regex(/^\d+:\d+(,\d+:\d+)*$/, 'Write "capacity:seconds" pairs, e.g. "10:1,300:60"')
  .nullable()
  .optional();

/** The device transport's rate limits, named as in ThingsBoard's tenant profile; devices read them with getSessionLimits. */
const transportRateLimits = Object.fromEntries(
  ["transportDevice", "transportGateway", "transportGatewayDevice"].flatMap((who) =>
    ["Msg", "TelemetryMsg", "TelemetryDataPoints"].map((what) => [`${who}${what}RateLimit`, rateLimit]),
  ),
) as Record<
  `${"transportDevice" | "transportGateway" | "transportGatewayDevice"}${"Msg" | "TelemetryMsg" | "TelemetryDataPoints"}RateLimit`,
  typeof rateLimit
>;

/**
 * Limits a system administrator sets per tenant; absent means unlimited (or, for the key limits,
 * ingest's defaults INGEST_MAX_KEYS_PER_MESSAGE / INGEST_MAX_KEYS_PER_DEVICE).
 */
export const tenantLimits = z.object({
  maxDevices: z.number().int().min(0).max(10_000_000).nullable().optional(),
  maxUsers: z.number().int().min(0).max(1_000_000).nullable().optional(),
  /** Telemetry or attribute keys one device message may carry. */
  maxKeysPerMessage: z.number().int().min(1).max(100_000).nullable().optional(),
  /** Distinct telemetry keys (and, apart, client-attribute keys) one device may have. */
  maxKeysPerDevice: z.number().int().min(1).max(1_000_000).nullable().optional(),
  /** The longest telemetry retention (days) the tenant may set itself, below the platform's TELEMETRY_RETENTION_DAYS. */
  maxRetentionDays: z.number().int().min(1, "At least one day").max(36_500).nullable().optional(),
  ...transportRateLimits,
});
export type TenantLimits = z.infer<typeof tenantLimits>;

export const updateTenantInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  limits: tenantLimits.optional(),
});
export const listTenantsInput = pagingInput.extend({ search: z.string().trim().max(100).optional() });
