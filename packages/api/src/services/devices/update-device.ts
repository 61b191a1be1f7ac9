import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assignmentEvents, emitEntityEvent } from "../telemetry/entity-events.ts";
import { assertCustomerExists, resolveDeviceProfileId } from "./create-device.ts";
import { deviceInclude, toDeviceView } from "./device-view.ts";
import { findVisibleDevice } from "./get-device.ts";
import type { updateDeviceInput } from "./schemas.ts";

export async function updateDevice(ctx: TenantContext, id: string, input: z.infer<typeof updateDeviceInput>) {
  const before = await findVisibleDevice(ctx, id);
  const deviceProfileId = input.profileId ? await resolveDeviceProfileId(ctx, input.profileId) : undefined;
  await assertCustomerExists(ctx, input.customerId);
  const device = await ctx.db.device.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.gateway !== undefined ? { isGateway: input.gateway } : {}),
      ...(deviceProfileId ? { deviceProfileId } : {}),
      ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
    },
    include: deviceInclude,
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "DEVICE",
    entityId: id,
    entityName: device.name,
    actionData: input,
  });
  const view = toDeviceView(device);
  await emitEntityEvent(ctx, { type: "DEVICE", id }, view, [
    "ENTITY_UPDATED",
    ...assignmentEvents(before.customerId, device.customerId),
  ]);
  return view;
}
