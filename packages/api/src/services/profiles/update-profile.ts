import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getProfile } from "./get-profile.ts";
import { entityType, type Kind } from "./profile-kind.ts";
import { announceDeviceProfileChange } from "./announce-profile-change.ts";
import { assertPayloadSchemas, withPayloadConfig } from "./payload-config.ts";
import { withLwm2mConfig } from "./lwm2m-config.ts";
import { assertProfileDefaults, profileDefaultsData } from "./profile-defaults.ts";
import { applyProfilePackages, assertProfilePackages } from "./profile-packages.ts";
import { toView } from "./profile-view.ts";
import type { ProfileInput } from "./schemas.ts";

export async function updateProfile(ctx: TenantContext, kind: Kind, id: string, input: Partial<ProfileInput>) {
  const current = await getProfile(ctx, kind, id);
  if (input.isDefault === false && current.isDefault) {
    throw new ApiError("VALIDATION_FAILED", "Make another profile the default instead", [
      { path: ["isDefault"], message: "One profile must stay the default" },
    ]);
  }
  if (kind === "device") {
    assertPayloadSchemas(input.transportConfig);
    await assertProfilePackages(ctx, id, input);
  }
  await assertProfileDefaults(ctx, input);
  const row = await ctx.db.$transaction(async (tx) => {
    const t = (kind === "device" ? tx.deviceProfile : tx.assetProfile) as unknown as typeof tx.assetProfile;
    if (input.isDefault)
      await t.updateMany({ where: { isDefault: true, id: { not: id } }, data: { isDefault: false } });
    // Read in the transaction: the other transport settings stored beside the payload's are kept as they are now.
    const stored =
      kind === "device" && (input.transportConfig || input.lwm2m !== undefined)
        ? await tx.deviceProfile.findUnique({ where: { id }, select: { transportConfig: true } })
        : null;
    return t.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.isDefault ? { isDefault: true } : {}),
        ...profileDefaultsData(kind, input),
        ...(kind === "device" && input.alarmRules !== undefined ? { alarmRules: input.alarmRules } : {}),
        ...(kind === "device" && input.firmwareId !== undefined ? { firmwareId: input.firmwareId } : {}),
        ...(kind === "device" && input.softwareId !== undefined ? { softwareId: input.softwareId } : {}),
        ...(kind === "device" && (input.transportConfig || input.lwm2m !== undefined)
          ? {
              transportConfig: withLwm2mConfig(
                input.transportConfig
                  ? withPayloadConfig(stored?.transportConfig, input.transportConfig)
                  : stored?.transportConfig,
                input.lwm2m,
              ),
            }
          : {}),
      },
    });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: entityType(kind),
    entityId: id,
    entityName: row.name,
    ...(input.alarmRules !== undefined ? { actionData: { alarmRules: input.alarmRules.length } } : {}),
  });
  if (kind === "device") {
    await announceDeviceProfileChange(ctx, id);
    await applyProfilePackages(ctx, id, input);
  }
  return toView(row);
}
