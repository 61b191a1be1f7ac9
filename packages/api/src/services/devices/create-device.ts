import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { generateAccessToken } from "@industryos/db";
import { assertWithinLimit } from "../admin/enforce-limits.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { assignmentEvents, emitEntityEvent } from "../telemetry/entity-events.ts";
import { deviceInclude, toDeviceView } from "./device-view.ts";
import type { createDeviceInput } from "./schemas.ts";

/** Resolves the profile a new device gets: the named one, or the tenant's default. */
export async function resolveDeviceProfileId(ctx: TenantContext, profileId: string | undefined): Promise<string> {
  const profile = profileId
    ? await ctx.db.deviceProfile.findUnique({ where: { id: profileId }, select: { id: true } })
    : await ctx.db.deviceProfile.findFirst({ where: { isDefault: true }, select: { id: true } });
  if (!profile) {
    throw new ApiError(
      "VALIDATION_FAILED",
      profileId ? "The device profile does not exist" : "The tenant has no default device profile",
      [{ path: ["profileId"], message: "Unknown device profile" }],
    );
  }
  return profile.id;
}

export async function assertCustomerExists(ctx: TenantContext, customerId: string | null | undefined) {
  if (!customerId) return;
  const customer = await ctx.db.customer.findUnique({ where: { id: customerId }, select: { id: true } });
  if (!customer)
    throw new ApiError("VALIDATION_FAILED", "The customer does not exist", [
      { path: ["customerId"], message: "Unknown customer" },
    ]);
}

/** Creates the device and its access token in one transaction: a device is never without credentials. */
export async function createDevice(ctx: TenantContext, input: z.infer<typeof createDeviceInput>) {
  await assertWithinLimit(ctx, "devices");
  const deviceProfileId = await resolveDeviceProfileId(ctx, input.profileId);
  await assertCustomerExists(ctx, input.customerId);
  const accessToken = generateAccessToken();
  const device = await ctx.db.$transaction(async (tx) => {
    const device = await tx.device.create({
      data: {
        tenantId: ctx.tenantId,
        name: input.name,
        label: input.label ?? null,
        type: input.type ?? "default",
        isGateway: input.gateway ?? false,
        deviceProfileId,
        customerId: input.customerId ?? null,
      },
      include: deviceInclude,
    });
    await tx.deviceCredential.create({
      data: { tenantId: ctx.tenantId, deviceId: device.id, type: "ACCESS_TOKEN", credentialsId: accessToken },
    });
    return device;
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "DEVICE",
    entityId: device.id,
    entityName: device.name,
  });
  const view = toDeviceView(device);
  await emitEntityEvent(ctx, { type: "DEVICE", id: device.id }, view, [
    "ENTITY_CREATED",
    ...assignmentEvents(null, device.customerId),
  ]);
  return view;
}
