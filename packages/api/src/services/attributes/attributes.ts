import { pushSharedAttributes } from "@industryos/device-bus";
import { liveDeviceChannel, type KeyValue } from "@industryos/device-protocol";
import { Prisma } from "@industryos/db";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import { attributeColumnsFor, attributeValueOf } from "./attribute-value.ts";
import type { attributeValues, listAttributesInput, writableScope } from "./schemas.ts";

/** The device's attributes, all scopes unless one is asked for, sorted by scope then key. */
export async function listDeviceAttributes(
  ctx: TenantContext,
  deviceId: string,
  input: z.infer<typeof listAttributesInput>,
) {
  await findVisibleDevice(ctx, deviceId);
  const rows = await ctx.db.attribute.findMany({
    where: {
      entityId: deviceId,
      ...(input.scope ? { scope: input.scope } : {}),
      ...(input.keys?.length ? { key: { in: input.keys } } : {}),
    },
    orderBy: [{ scope: "asc" }, { key: "asc" }],
  });
  return rows.map((row) => ({
    key: row.key,
    value: attributeValueOf(row),
    scope: row.scope,
    lastUpdateTs: row.lastUpdateTs.getTime(),
  }));
}

/**
 * Saves server or shared attributes. Shared ones are then pushed to the device through the
 * ingest node that holds its connection (saved first, so a device that is offline gets them
 * when it asks).
 */
export async function saveDeviceAttributes(
  ctx: TenantContext,
  deviceId: string,
  scope: z.infer<typeof writableScope>,
  values: z.infer<typeof attributeValues>,
) {
  const device = await findVisibleDevice(ctx, deviceId);
  const now = new Date();
  const updated: KeyValue[] = [];
  await ctx.db.$transaction(async (tx) => {
    for (const [key, raw] of Object.entries(values)) {
      const { kv, columns } = attributeColumnsFor(key, raw);
      updated.push({ key, value: kv });
      const data = {
        ...columns,
        jsonValue: columns.jsonValue === null ? Prisma.DbNull : columns.jsonValue,
        lastUpdateTs: now,
      } as never;
      await tx.attribute.upsert({
        where: { tenantId_entityId_scope_key: { tenantId: ctx.tenantId, entityId: deviceId, scope, key } },
        create: { tenantId: ctx.tenantId, entityType: "DEVICE", entityId: deviceId, scope, key, ...(data as object) },
        update: data,
      });
    }
  });
  if (scope === "SHARED") await pushSharedAttributes(ctx.deps.redis, deviceId, { updated });
  // Live dashboards listen on the device's live channel, in the message form ingest uses.
  await ctx.deps.redis.publish(
    liveDeviceChannel(ctx.tenantId, deviceId),
    JSON.stringify({
      type: "POST_ATTRIBUTES_REQUEST",
      tenantId: ctx.tenantId,
      deviceId,
      receivedAt: now.getTime(),
      scope,
      attributes: updated.map((a) => ({ key: a.key, type: a.value.type, value: a.value.value })),
    }),
  );
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ATTRIBUTES_UPDATED",
    entityType: "DEVICE",
    entityId: deviceId,
    entityName: device.name,
    actionData: { scope, keys: Object.keys(values) },
  });
  return listDeviceAttributes(ctx, deviceId, { scope, keys: Object.keys(values) });
}

export async function deleteDeviceAttributes(
  ctx: TenantContext,
  deviceId: string,
  scope: z.infer<typeof writableScope>,
  keys: string[],
) {
  const device = await findVisibleDevice(ctx, deviceId);
  await ctx.db.attribute.deleteMany({ where: { entityId: deviceId, scope, key: { in: keys } } });
  if (scope === "SHARED") await pushSharedAttributes(ctx.deps.redis, deviceId, { deleted: keys });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ATTRIBUTES_DELETED",
    entityType: "DEVICE",
    entityId: deviceId,
    entityName: device.name,
    actionData: { scope, keys },
  });
}
