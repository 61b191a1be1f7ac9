import { invalidateDeviceCredentials, pushSharedAttributes, sendServerRpc } from "@industryos/device-bus";
import { isUniqueViolation } from "../../../rest/error-response.ts";
import { upsertAttributes } from "../../attributes/attribute-value.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import { deviceInclude, toDeviceView } from "../../devices/device-view.ts";
import { emitEntityEvent } from "../../telemetry/entity-events.ts";
import { uplinkPublisherFor } from "../../telemetry/uplink-publisher.ts";
import type { BulkJobContext } from "../bulk-job-context.ts";
import { completeItem, ItemFailure } from "./item-outcome.ts";

/** An item of a job over selected devices: its key is the device id. */
export interface DeviceItem {
  jobId: string;
  index: number;
  key: string;
}

/** Sets the job's attributes on one device, in one transaction with the item's record; shared ones then go to the device. */
export async function runAttributeItem(
  ctx: BulkJobContext,
  item: DeviceItem,
  request: { scope: "SHARED" | "SERVER"; values: Record<string, unknown> },
) {
  const now = new Date();
  const { device, updated } = await ctx.db.$transaction(async (tx) => {
    const device = await tx.device.findUnique({ where: { id: item.key }, select: { id: true, name: true } });
    if (!device) throw new ItemFailure("The device no longer exists");
    const updated = await upsertAttributes(
      tx,
      { tenantId: ctx.tenantId, entityType: "DEVICE", entityId: device.id, scope: request.scope },
      request.values,
      now,
    );
    await completeItem(tx, item, { status: "SUCCEEDED", resultId: device.id });
    return { device, updated };
  });
  if (request.scope === "SHARED") await pushSharedAttributes(ctx.deps.redis, device.id, { updated });
  await uplinkPublisherFor(ctx.deps)([
    {
      type: "EVENT",
      tenantId: ctx.tenantId,
      msgType: "ATTRIBUTES_UPDATED",
      originatorType: "DEVICE",
      originatorId: device.id,
      receivedAt: now.getTime(),
      metadata: { scope: `${request.scope}_SCOPE` },
      data: JSON.stringify(request.values),
    },
  ]).catch((error: unknown) =>
    ctx.deps.logger.error({ err: error, deviceId: device.id }, "ATTRIBUTES_UPDATED not appended"),
  );
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ATTRIBUTES_UPDATED",
    entityType: "DEVICE",
    entityId: device.id,
    entityName: device.name,
    actionData: { scope: request.scope, keys: Object.keys(request.values), bulkJobId: item.jobId },
  });
}

/**
 * Queues a one-way RPC for one device (delivered now if it is connected, else when it connects within
 * `timeoutMs`). The request's client id is the item's, so a retry after a crash finds the request it sent and
 * does not send a second.
 */
export async function runRpcItem(
  ctx: BulkJobContext,
  item: DeviceItem,
  request: { method: string; params: unknown; timeoutMs: number },
) {
  const device = await ctx.db.device.findUnique({ where: { id: item.key }, select: { id: true, name: true } });
  if (!device) throw new ItemFailure("The device no longer exists");
  const clientRequestId = `bulk-job:${item.jobId}:${item.index}`;
  let requestId: number;
  try {
    requestId = await sendServerRpc(ctx.db, ctx.deps.redis, {
      tenantId: ctx.tenantId,
      deviceId: device.id,
      method: request.method,
      params: request.params,
      timeoutMs: request.timeoutMs,
      oneway: true,
      clientRequestId,
    });
    await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
      actionType: "RPC_CALL",
      entityType: "DEVICE",
      entityId: device.id,
      entityName: device.name,
      actionData: { method: request.method, bulkJobId: item.jobId },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const sent = await ctx.db.rpcRequest.findFirst({ where: { deviceId: device.id, clientRequestId } });
    if (!sent) throw error;
    requestId = sent.requestId;
  }
  await ctx.db.$transaction((tx) =>
    completeItem(tx, item, { status: "SUCCEEDED", resultId: device.id, data: { name: device.name, requestId } }),
  );
}

/** Deletes one device (attributes, relations, credentials and RPCs with it); a device already gone counts as done. */
export async function runDeleteItem(ctx: BulkJobContext, item: DeviceItem) {
  const device = await ctx.db.$transaction(async (tx) => {
    const device = await tx.device.findUnique({ where: { id: item.key }, include: deviceInclude });
    if (device) {
      await tx.attribute.deleteMany({ where: { entityId: device.id } });
      await tx.entityRelation.deleteMany({ where: { OR: [{ fromId: device.id }, { toId: device.id }] } });
      await tx.device.delete({ where: { id: device.id } });
    }
    await completeItem(tx, item, { status: "SUCCEEDED", resultId: device?.id ?? null });
    return device;
  });
  if (!device) return;
  await invalidateDeviceCredentials(ctx.deps.redis, device.id);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "DEVICE",
    entityId: device.id,
    entityName: device.name,
    actionData: { bulkJobId: item.jobId },
  });
  await emitEntityEvent(ctx, { type: "DEVICE", id: device.id }, toDeviceView(device), "ENTITY_DELETED");
}
