import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toDeviceFilterView } from "./device-filter-view.ts";
import type { DeviceFilterView } from "./schemas.ts";

export async function findDeviceFilter(ctx: TenantContext, id: string) {
  const row = await ctx.db.deviceFilter.findUnique({ where: { id } });
  if (!row) throw notFound("Device filter");
  return row;
}

export async function getDeviceFilter(ctx: TenantContext, id: string): Promise<DeviceFilterView> {
  return toDeviceFilterView(await findDeviceFilter(ctx, id));
}
