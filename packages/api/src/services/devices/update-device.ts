import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { announceDeviceProfileChange } from "../profiles/announce-profile-change.ts";
import { applyOtaAssignment } from "../ota-packages/apply-ota-assignment.ts";
import { assertAssignablePackage } from "../ota-packages/assignable-package.ts";
import { assignmentEvents, emitEntityEvent } from "../telemetry/entity-events.ts";
import { assertCustomerExists, resolveDeviceProfileId } from "./create-device.ts";
import { deviceInclude, toDeviceView } from "./device-view.ts";
import { findVisibleDevice } from "./get-device.ts";
import type { updateDeviceInput } from "./schemas.ts";

export async function updateDevice(ctx: TenantContext, id: string, input: z.infer<typeof updateDeviceInput>) {
  const before = await findVisibleDevice(ctx, id);
  const deviceProfileId = input.profileId ? await resolveDeviceProfileId(ctx, input.profileId) : undefined;
  await assertCustomerExists(ctx, input.customerId);
  const profileAfter = deviceProfileId ?? before.deviceProfileId;
  if (input.firmwareId) await assertAssignablePackage(ctx.db, input.firmwareId, "FIRMWARE", profileAfter, "firmwareId");
  if (input.softwareId) await assertAssignablePackage(ctx.db, input.softwareId, "SOFTWARE", profileAfter, "softwareId");
  const device = await ctx.db.device.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.label !== undefined ? { label: input.label } : {}),
      ...(input.type !== undefined ? { type: input.type } : {}),
      ...(input.gateway !== undefined ? { isGateway: input.gateway } : {}),
      ...(deviceProfileId ? { deviceProfileId } : {}),
      ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
      ...(input.firmwareId !== undefined ? { firmwareId: input.firmwareId } : {}),
      ...(input.softwareId !== undefined ? { softwareId: input.softwareId } : {}),
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
  // A new assignment, or a new profile whose packages now apply: the device is told (fw_*/sw_* shared attributes).
  if (input.firmwareId !== undefined || deviceProfileId)
    await applyOtaAssignment(ctx.db, ctx.deps.redis, ctx.tenantId, [id], "FIRMWARE");
  if (input.softwareId !== undefined || deviceProfileId)
    await applyOtaAssignment(ctx.db, ctx.deps.redis, ctx.tenantId, [id], "SOFTWARE");
  if (deviceProfileId && deviceProfileId !== before.deviceProfileId)
    await announceDeviceProfileChange(ctx, deviceProfileId, id);
  const view = toDeviceView(device);
  await emitEntityEvent(ctx, { type: "DEVICE", id }, view, [
    "ENTITY_UPDATED",
    ...assignmentEvents(before.customerId, device.customerId),
  ]);
  return view;
}
