import { pushSharedAttributes } from "@industryos/device-bus";
import { liveDeviceChannel } from "@industryos/device-protocol";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { uplinkPublisherFor } from "../telemetry/uplink-publisher.ts";
import { findVisibleEntity } from "../entities/find-visible-entity.ts";
import type { EntityPathType } from "../entities/schemas.ts";
import { upsertAttributes } from "./attribute-value.ts";
import { listAttributes } from "./list-attributes.ts";
import type { attributeValues, writableScope } from "./schemas.ts";
import { assertWritableScope } from "./assert-writable-scope.ts";

/**
 * Saves server attributes of any entity, or shared attributes of a device. Shared ones are then
 * pushed to the device through the ingest node that holds its connection (saved first, so a
 * device that is offline gets them when it asks).
 */
export async function saveAttributes(
  ctx: TenantContext,
  entityType: EntityPathType,
  id: string,
  scope: z.infer<typeof writableScope>,
  values: z.infer<typeof attributeValues>,
) {
  const entity = await findVisibleEntity(ctx, entityType, id);
  assertWritableScope(entity, scope);
  const now = new Date();
  const updated = await ctx.db.$transaction((tx) =>
    upsertAttributes(tx, { tenantId: ctx.tenantId, entityType: entity.type, entityId: entity.id, scope }, values, now),
  );
  if (scope === "SHARED") await pushSharedAttributes(ctx.deps.redis, entity.id, { updated });
  // Live dashboards listen on the entity's live channel, in the message form ingest uses
  // (a device is `deviceId`; other entities `entityType` and `entityId`, as in toLiveMessage).
  await ctx.deps.redis.publish(
    liveDeviceChannel(ctx.tenantId, entity.id),
    JSON.stringify({
      type: "POST_ATTRIBUTES_REQUEST",
      tenantId: ctx.tenantId,
      ...(entity.type === "DEVICE" ? { deviceId: entity.id } : { entityType: entity.type, entityId: entity.id }),
      receivedAt: now.getTime(),
      scope,
      attributes: updated.map((a) => ({ key: a.key, type: a.value.type, value: a.value.value })),
    }),
  );
  // The rule engine hears of it as ThingsBoard's ATTRIBUTES_UPDATED (alarm rules with thresholds
  // in attributes re-evaluate on it); the change is committed, so a failure here is only logged.
  await uplinkPublisherFor(ctx.deps)([
    {
      type: "EVENT",
      tenantId: ctx.tenantId,
      msgType: "ATTRIBUTES_UPDATED",
      originatorType: entity.type,
      originatorId: entity.id,
      receivedAt: now.getTime(),
      metadata: { scope: `${scope}_SCOPE` },
      data: JSON.stringify(values),
    },
  ]).catch((error: unknown) =>
    ctx.deps.logger.error({ err: error, entityId: entity.id }, "ATTRIBUTES_UPDATED not appended to the rule engine"),
  );
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ATTRIBUTES_UPDATED",
    entityType: entity.type,
    entityId: entity.id,
    entityName: entity.name,
    actionData: { scope, keys: Object.keys(values) },
  });
  return listAttributes(ctx, entityType, entity.id, { scope, keys: Object.keys(values) });
}
