import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assignmentEvents, emitEntityEvent } from "../telemetry/entity-events.ts";
import { assertCustomerExists } from "../devices/create-device.ts";
import { include, toView } from "./asset-view.ts";
import { getAsset } from "./get-asset.ts";
import { resolveAssetProfileId } from "./resolve-asset-profile.ts";
import type { updateAssetInput } from "./schemas.ts";

export async function updateAsset(ctx: TenantContext, id: string, input: z.infer<typeof updateAssetInput>) {
  const before = await getAsset(ctx, id);
  const assetProfileId = input.profileId ? await resolveAssetProfileId(ctx, input.profileId) : undefined;
  await assertCustomerExists(ctx, input.customerId);
  const row = await ctx.db.asset.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(assetProfileId ? { assetProfileId } : {}),
      ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
    },
    include,
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "ASSET",
    entityId: id,
    entityName: row.name,
  });
  const view = toView(row);
  await emitEntityEvent(ctx, { type: "ASSET", id }, view, [
    "ENTITY_UPDATED",
    ...assignmentEvents(before.customerId, row.customerId),
  ]);
  return view;
}
