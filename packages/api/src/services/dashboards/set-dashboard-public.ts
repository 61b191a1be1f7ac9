import { publishRevocation } from "@industryos/realtime/revocation";
import { randomBytes } from "node:crypto";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assertCanEdit } from "./dashboard-access.ts";
import { getDashboard } from "./get-dashboard.ts";

/** 32 url-safe characters from 24 random bytes (192 bits): unguessable. */
function newPublicId(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Makes the dashboard public (a new link, or the current one when it already is) or revokes
 * the link (`enabled: false`): a revoked id never works again, a new one is issued next time.
 */
export async function setDashboardPublic(ctx: TenantContext, id: string, enabled: boolean) {
  assertCanEdit(ctx);
  const dashboard = await getDashboard(ctx, id);
  const current = await ctx.db.dashboard.findUnique({ where: { id }, select: { publicId: true } });
  const publicId = enabled ? (current?.publicId ?? newPublicId()) : null;
  await ctx.db.dashboard.update({ where: { id }, data: { publicId } });
  if (!enabled) await publishRevocation(ctx.deps.redis, { kind: "dashboard", id }, ctx.deps.logger);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: enabled ? "MADE_PUBLIC" : "MADE_PRIVATE",
    entityType: "DASHBOARD",
    entityId: id,
    entityName: dashboard.title,
  });
  return { publicId };
}
