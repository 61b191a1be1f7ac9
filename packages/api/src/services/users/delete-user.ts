import { publishRevocation } from "@industryos/realtime/revocation";
import type { TenantContext } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getUser } from "./get-user.ts";

export async function deleteUser(ctx: TenantContext, id: string): Promise<void> {
  const user = await getUser(ctx, id);
  if (id === ctx.actor.userId) throw forbidden("You cannot delete yourself");
  await ctx.db.$transaction(async (tx) => {
    // API keys outlive the person who created them (the integration keeps working).
    await tx.apiKey.updateMany({ where: { createdById: id }, data: { createdById: null } });
    await tx.user.delete({ where: { id } });
  });
  await publishRevocation(ctx.deps.redis, { kind: "user", id }, ctx.deps.logger);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "USER",
    entityId: id,
    entityName: user.email,
  });
}
