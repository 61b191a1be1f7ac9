import { publishRevocation } from "@industryos/realtime/revocation";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";

/** Revoking keeps the row for the audit trail; the key stops working at once. */
export async function revokeApiKey(ctx: TenantContext, id: string): Promise<void> {
  const row = await ctx.db.apiKey.findFirst({ where: { id, revokedAt: null } });
  if (!row) throw notFound("API key");
  await ctx.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await publishRevocation(ctx.deps.redis, { kind: "apiKey", id }, ctx.deps.logger);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "API_KEY",
    entityId: id,
    entityName: row.name,
  });
}
