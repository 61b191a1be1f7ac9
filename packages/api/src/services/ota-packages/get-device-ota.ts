import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import type { deviceOtaTypeView, OtaPackageType } from "./schemas.ts";

type TypeView = z.infer<typeof deviceOtaTypeView>;

/** `GET /devices/{id}/ota`: per package type the target (device's or profile's), the running version and the last state. */
export async function getDeviceOta(ctx: TenantContext, id: string) {
  const device = await findVisibleDevice(ctx, id);
  const [profile, statuses] = await Promise.all([
    ctx.db.deviceProfile.findUnique({
      where: { id: device.deviceProfileId },
      select: { firmwareId: true, softwareId: true },
    }),
    ctx.db.deviceOtaStatus.findMany({ where: { deviceId: id } }),
  ]);
  const row = await ctx.db.device.findUnique({ where: { id }, select: { firmwareId: true, softwareId: true } });
  const view = async (type: OtaPackageType): Promise<TypeView> => {
    const field = type === "FIRMWARE" ? "firmwareId" : "softwareId";
    const own = row?.[field] ?? null;
    const targetId = own ?? profile?.[field] ?? null;
    const target = targetId
      ? await ctx.db.otaPackage.findUnique({
          where: { id: targetId },
          select: { id: true, title: true, version: true },
        })
      : null;
    const status = statuses.find((s) => s.type === type);
    return {
      type,
      target: target ? { ...target, assignedTo: own ? "DEVICE" : "PROFILE" } : null,
      current: { title: status?.currentTitle ?? null, version: status?.currentVersion ?? null },
      state: status && status.targetPackageId === targetId ? status.state : null,
      error: status?.error ?? null,
      updatedAt: status?.updatedAt.toISOString() ?? null,
    };
  };
  return { firmware: await view("FIRMWARE"), software: await view("SOFTWARE") };
}
