import { publishRevocation } from "@industryos/realtime/revocation";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { invalidateUserSessions } from "../../auth/sessions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getUser } from "./get-user.ts";
import type { updateUserInput } from "./schemas.ts";
import { toView } from "./user-view.ts";

export async function updateUser(ctx: TenantContext, id: string, input: z.infer<typeof updateUserInput>) {
  await getUser(ctx, id);
  if (input.disabled && id === ctx.actor.userId) throw forbidden("You cannot disable yourself");
  const row = await ctx.db.user.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.disabled !== undefined ? { disabledAt: input.disabled ? new Date() : null } : {}),
    },
  });
  if (input.disabled) await invalidateUserSessions(ctx.deps.db.system, id);
  if (input.disabled) await publishRevocation(ctx.deps.redis, { kind: "user", id }, ctx.deps.logger);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "USER",
    entityId: id,
    entityName: row.email,
    actionData: input,
  });
  return toView(row);
}
