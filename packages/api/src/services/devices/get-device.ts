import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { deviceInclude, toDeviceView } from "./device-view.ts";

/**
 * The device row, if this caller may see it. Another tenant's device (RLS hides it) and a
 * device not assigned to the caller's customer both answer 404: existence is not disclosed.
 */
export async function findVisibleDevice(ctx: TenantContext, id: string) {
  const row = await ctx.db.device.findFirst({ where: { id, ...customerFilter(ctx.actor) }, include: deviceInclude });
  if (!row) throw notFound("Device");
  return row;
}

export async function getDevice(ctx: TenantContext, id: string) {
  return toDeviceView(await findVisibleDevice(ctx, id));
}
