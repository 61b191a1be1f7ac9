import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { retentionOf, type tenantRetention } from "./schemas.ts";

/** The platform's limit: what the last maintenance set (TELEMETRY_RETENTION_DAYS), read through telemetry_info(). */
async function platformMaxDays(ctx: TenantContext): Promise<number> {
  const { rows } = await ctx.deps.db.appPool.query<{ retention_days: number }>(
    "SELECT retention_days FROM telemetry_info()",
  );
  return Number(rows[0]?.retention_days ?? 365);
}

export async function getTenantRetention(ctx: TenantContext) {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
  return { ...retentionOf(tenant.settings), platformMaxDays: await platformMaxDays(ctx) };
}

/**
 * `PUT /tenant/telemetry-retention`: the tenant's own retention, within the platform's limit (422 beyond it, naming
 * the field). Applied by the daily telemetry-maintenance workflow: points older than it are deleted then.
 */
export async function setTenantRetention(ctx: TenantContext, input: z.infer<typeof tenantRetention>) {
  const max = await platformMaxDays(ctx);
  const over = [
    ...(input.days !== null && input.days > max
      ? [{ path: ["days"], message: `At most ${max} days (the platform's limit)` }]
      : []),
    ...input.keys.flatMap((rule, i) =>
      rule.days > max ? [{ path: ["keys", i, "days"], message: `At most ${max} days (the platform's limit)` }] : [],
    ),
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
  return { ...input, platformMaxDays: max };
}
