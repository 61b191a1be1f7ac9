import type { TenantContext } from "../../context.ts";
import { conflict, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { deviceInclude, toDeviceView } from "../devices/device-view.ts";
import { assignmentEvents, emitEntityEvent } from "../telemetry/entity-events.ts";

/**
 * `DELETE /customer/devices/{deviceName}/claim` (ThingsBoard's re-claim): the device leaves its customer and can be
 * claimed again once it announces a new claim. A customer user releases only their customer's devices (others
 * are 404); a tenant admin releases any claimed device.
 */
export async function releaseDevice(ctx: TenantContext, deviceName: string) {
  const own = ctx.actor.customerId;
  const device = await ctx.db.device.findFirst({
    where: { name: deviceName, ...(own ? { customerId: own } : {}) },
    include: deviceInclude,
  });
  if (!device) throw notFound("Device");
  if (!device.customerId) throw conflict("The device belongs to no customer");
  await ctx.db.device.update({ where: { id: device.id }, data: { customerId: null } });
  const released = await ctx.db.device.findUniqueOrThrow({ where: { id: device.id }, include: deviceInclude });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "RELEASED",
    entityType: "DEVICE",
    entityId: device.id,
    entityName: device.name,
    actionData: { customerId: device.customerId },
  });
  const view = toDeviceView(released);
  await emitEntityEvent(ctx, { type: "DEVICE", id: device.id }, view, assignmentEvents(device.customerId, null));
  return view;
}
