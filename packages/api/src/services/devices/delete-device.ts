import { CREDENTIALS_CHANGED_CHANNEL } from "@industryos/device-protocol";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findVisibleDevice } from "./get-device.ts";

/** Deletes the device (credentials, RPCs cascade) and tells ingest nodes to drop its cached credentials. */
export async function deleteDevice(ctx: TenantContext, id: string): Promise<void> {
  const device = await findVisibleDevice(ctx, id);
  const credentials = await ctx.db.deviceCredential.findMany({ where: { deviceId: id }, select: { credentialsId: true } });
  await ctx.db.$transaction(async (tx) => {
    await tx.attribute.deleteMany({ where: { entityId: id } });
    await tx.entityRelation.deleteMany({ where: { OR: [{ fromId: id }, { toId: id }] } });
    await tx.device.delete({ where: { id } });
  });
  for (const { credentialsId } of credentials) {
    await ctx.deps.redis.publish(CREDENTIALS_CHANGED_CHANNEL, JSON.stringify({ credentialsId, deviceId: id }));
  }
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, { actionType: "DELETED", entityType: "DEVICE", entityId: id, entityName: device.name });
}
