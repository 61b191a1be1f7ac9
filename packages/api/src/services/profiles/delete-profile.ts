import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getProfile } from "./get-profile.ts";
import { entityType, table, type Kind } from "./profile-kind.ts";

export async function deleteProfile(ctx: TenantContext, kind: Kind, id: string): Promise<void> {
  const current = await getProfile(ctx, kind, id);
  if (current.isDefault) throw new ApiError("CONFLICT", "The default profile cannot be deleted");
  const inUse =
    kind === "device"
      ? await ctx.db.device.count({ where: { deviceProfileId: id } })
      : await ctx.db.asset.count({ where: { assetProfileId: id } });
  if (inUse > 0)
    throw new ApiError("CONFLICT", `${inUse} ${kind === "device" ? "device(s)" : "asset(s)"} still use this profile`);
  await table(ctx, kind).delete({ where: { id } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: entityType(kind),
    entityId: id,
    entityName: current.name,
  });
}
