import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checkPlatformUsers } from "./check-platform-users.ts";
import { findTarget } from "./find-target.ts";
import type { TargetConfiguration, updateTargetInput } from "./schemas.ts";
import { parseConfiguration, storedConfiguration } from "./stored-configuration.ts";
import { toView } from "./target-view.ts";

/**
 * Renames or reconfigures a target. A new `type` needs its `configuration`; a configuration alone
 * is checked against the target's type. A webhook target's headers stay as stored unless given.
 */
export async function updateTarget(ctx: TenantContext, id: string, input: z.infer<typeof updateTargetInput>) {
  const existing = await findTarget(ctx, id);
  const type = input.type ?? existing.type;
  if (input.type && input.type !== existing.type && !input.configuration) {
    const message = `Changing the type to ${input.type} needs its configuration`;
    throw new ApiError("VALIDATION_FAILED", message, [{ path: ["configuration"], message }]);
  }
  let configuration: Record<string, unknown> | undefined;
  if (input.configuration) {
    const parsed = parseConfiguration(type, input.configuration);
    if (type === "PLATFORM_USERS") await checkPlatformUsers(ctx, parsed as TargetConfiguration<"PLATFORM_USERS">);
    const previous = type === existing.type ? existing.configuration : undefined;
    configuration = await storedConfiguration(ctx.deps, type, parsed, previous);
  }
  const row = await ctx.db.notificationTarget.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(configuration ? { type, configuration: configuration as never } : {}),
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityName: row.name,
    actionData: { notificationTargetId: row.id, type: row.type },
  });
  return toView(row);
}
