import type { Prisma } from "@industryos/db";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { deviceFilterWhere } from "../device-filters/device-filter-where.ts";
import { MAX_BULK_ITEMS, type DeviceSelection } from "./schemas.ts";

export interface SelectedDevices {
  devices: { id: string; name: string }[];
  /** Ids of the selection that name no device of this tenant. */
  unknownIds: string[];
}

/** As the devices list and saved device filters match (the selection's filter names the profile `profileId`). */
function whereOf(filter: Extract<DeviceSelection, { filter: unknown }>["filter"]): Prisma.DeviceWhereInput {
  const { profileId, ...rest } = filter;
  return deviceFilterWhere({ ...rest, ...(profileId ? { deviceProfileId: profileId } : {}) });
}

/**
 * The devices a selection names, fixed when the job is created (a device added later is not part of it). Ids of
 * another tenant's devices are as unknown as ids of none (row-level security).
 */
export async function resolveSelection(ctx: TenantContext, selection: DeviceSelection): Promise<SelectedDevices> {
  if ("deviceIds" in selection) {
    const ids = [...new Set(selection.deviceIds)];
    const devices = await ctx.db.device.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
    });
    const found = new Set(devices.map((d) => d.id));
    return { devices, unknownIds: ids.filter((id) => !found.has(id)) };
  }
  const devices = await ctx.db.device.findMany({
    where: whereOf(selection.filter),
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: MAX_BULK_ITEMS + 1,
  });
  if (devices.length > MAX_BULK_ITEMS)
    throw new ApiError("VALIDATION_FAILED", `The filter matches more than ${MAX_BULK_ITEMS} devices; narrow it`, [
      { path: ["selection", "filter"], message: "Too many devices" },
    ]);
  return { devices, unknownIds: [] };
}
