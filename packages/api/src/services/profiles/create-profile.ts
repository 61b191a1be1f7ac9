import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { entityType, type Kind } from "./profile-kind.ts";
import { assertPayloadSchemas, withPayloadConfig } from "./payload-config.ts";
import { withLwm2mConfig } from "./lwm2m-config.ts";
import { assertProfileDefaults, profileDefaultsData } from "./profile-defaults.ts";
import { assertProfilePackages } from "./profile-packages.ts";
import { toView } from "./profile-view.ts";
import type { ProfileInput } from "./schemas.ts";

export async function createProfile(ctx: TenantContext, kind: Kind, input: ProfileInput) {
  if (kind === "device") {
    assertPayloadSchemas(input.transportConfig);
    await assertProfilePackages(ctx, null, input);
  }
  await assertProfileDefaults(ctx, input);
  const row = await ctx.db.$transaction(async (tx) => {
    const t = (kind === "device" ? tx.deviceProfile : tx.assetProfile) as unknown as typeof tx.assetProfile;
    if (input.isDefault) await t.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    return t.create({
      data: {
        tenantId: ctx.tenantId,
        name: input.name,
        description: input.description ?? null,
        isDefault: input.isDefault ?? false,
        ...profileDefaultsData(kind, input),
        ...(kind === "device" && input.alarmRules ? { alarmRules: input.alarmRules } : {}),
        ...(kind === "device" ? { firmwareId: input.firmwareId ?? null, softwareId: input.softwareId ?? null } : {}),
        ...(kind === "device" && (input.transportConfig || input.lwm2m)
          ? {
              transportConfig: withLwm2mConfig(
                input.transportConfig ? withPayloadConfig({}, input.transportConfig) : {},
                input.lwm2m,
              ),
            }
          : {}),
      },
    });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: entityType(kind),
    entityId: row.id,
    entityName: row.name,
  });
  return toView(row);
}
