import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkPlatformUsers } from "./check-platform-users.ts";
import type { createTargetInput } from "./schemas.ts";
import { storedConfiguration } from "./stored-configuration.ts";
import { toView } from "./target-view.ts";

/** A new target; its name is unique in the tenant (409 otherwise). */
export async function createTarget(ctx: TenantContext, input: z.infer<typeof createTargetInput>) {
  if (input.type === "PLATFORM_USERS") await checkPlatformUsers(ctx, input.configuration);
  const configuration = await storedConfiguration(ctx.deps, input.type, input.configuration);
  const row = await ctx.db.notificationTarget.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      type: input.type,
      description: input.description ?? null,
      configuration: configuration as never,
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityName: row.name,
    actionData: { notificationTargetId: row.id, type: row.type },
  });
  return toView(row);
}
