import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { limitsOf } from "../admin/tenant-limits.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { retentionOf, type tenantRetention } from "./schemas.ts";

/** The platform's limit: what the last maintenance set (TELEMETRY_RETENTION_DAYS), read through telemetry_info(). */
async function platformMaxDays(ctx: TenantContext): Promise<number> {
  const { rows } = await ctx.deps.db.appPool.query<{ retention_days: number }>(
    "SELECT retention_days FROM telemetry_info()",
  );
  return Number(rows[0]?.retention_days ?? 365);
}

/** The tenant's settings: its retention and the limit a system administrator set for it (`maxRetentionDays`). */
async function tenantSettings(ctx: TenantContext) {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
  return { retention: retentionOf(tenant.settings), tenantMaxDays: limitsOf(tenant.settings).maxRetentionDays ?? null };
}

export async function getTenantRetention(ctx: TenantContext) {
  const { retention, tenantMaxDays } = await tenantSettings(ctx);
  return { ...retention, platformMaxDays: await platformMaxDays(ctx), tenantMaxDays };
}

/**
 * `PUT /tenant/telemetry-retention`: the tenant's own retention, within the platform's limit and the one its system
 * administrator set (422 beyond the lower of the two, naming the field and which limit). Applied by the daily
 * telemetry-maintenance workflow: points older than it are deleted then.
 */
export async function setTenantRetention(ctx: TenantContext, input: z.infer<typeof tenantRetention>) {
  const [platformMax, { tenantMaxDays }] = await Promise.all([platformMaxDays(ctx), tenantSettings(ctx)]);
  const byTenantLimit = tenantMaxDays !== null && tenantMaxDays < platformMax;
  const max = byTenantLimit ? tenantMaxDays : platformMax;
  const message = byTenantLimit
    ? `At most ${max} days (the limit your system administrator set)`
    : `At most ${max} days (the platform's limit)`;
  const over = [
    ...(input.days !== null && input.days > max ? [{ path: ["days"], message }] : []),
    ...input.keys.flatMap((rule, i) => (rule.days > max ? [{ path: ["keys", i, "days"], message }] : [])),
  ];
  if (over.length > 0) throw new ApiError("VALIDATION_FAILED", over[0]!.message, over);
  const prefixes = input.keys.map((k) => k.prefix);
  const repeated = prefixes.findIndex((p, i) => prefixes.indexOf(p) !== i);
  if (repeated >= 0)
    throw new ApiError("VALIDATION_FAILED", "Each prefix once", [
      { path: ["keys", repeated, "prefix"], message: "Each prefix once" },
    ]);
  // One statement, so other settings written meanwhile (limits) are kept.
  await ctx.db
    .$executeRaw`UPDATE "Tenant" SET settings = jsonb_set(settings, '{retention}', ${JSON.stringify(input)}::jsonb) WHERE id = ${ctx.tenantId}::uuid`;
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "TELEMETRY_RETENTION_UPDATED",
    entityType: "TENANT",
    entityId: ctx.tenantId,
    actionData: input,
  });
  return { ...input, platformMaxDays: platformMax, tenantMaxDays };
}
