import { invalidateDeviceCredentials } from "@industryos/device-bus";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emitEntityEvent } from "../telemetry/entity-events.ts";
import { toDeviceView } from "./device-view.ts";
import { findVisibleDevice } from "./get-device.ts";

/** Deletes the device (credentials, RPCs cascade) and ends its sessions on every ingest node. */
export async function deleteDevice(ctx: TenantContext, id: string): Promise<void> {
  const device = await findVisibleDevice(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.attribute.deleteMany({ where: { entityId: id } });
    await tx.entityRelation.deleteMany({ where: { OR: [{ fromId: id }, { toId: id }] } });
    await tx.device.delete({ where: { id } });
  });
  await invalidateDeviceCredentials(ctx.deps.redis, id);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "DEVICE",
    entityId: id,
    entityName: device.name,
  });
  await emitEntityEvent(ctx, { type: "DEVICE", id }, toDeviceView(device), "ENTITY_DELETED");
}
