import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assignmentEvents, emitEntityEvent } from "../telemetry/entity-events.ts";
import { assertCustomerExists } from "../devices/create-device.ts";
import { include, toView } from "./asset-view.ts";
import { resolveAssetProfileId } from "./resolve-asset-profile.ts";
import type { createAssetInput } from "./schemas.ts";

export async function createAsset(ctx: TenantContext, input: z.infer<typeof createAssetInput>) {
  const assetProfileId = await resolveAssetProfileId(ctx, input.profileId);
  await assertCustomerExists(ctx, input.customerId);
  const row = await ctx.db.asset.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      label: input.label ?? null,
      type: input.type ?? "default",
      assetProfileId,
      customerId: input.customerId ?? null,
    },
    include,
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "ASSET",
    entityId: row.id,
    entityName: row.name,
  });
  const view = toView(row);
  await emitEntityEvent(ctx, { type: "ASSET", id: row.id }, view, [
    "ENTITY_CREATED",
    ...assignmentEvents(null, row.customerId),
  ]);
  return view;
}
