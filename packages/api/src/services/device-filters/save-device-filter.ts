import type { TenantContext } from "../../context.ts";
import { conflict } from "../../errors.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { checkCriteria } from "./check-criteria.ts";
import { toDeviceFilterView } from "./device-filter-view.ts";
import { findDeviceFilter } from "./find-device-filter.ts";
import type { CreateDeviceFilterInput, DeviceFilterView, UpdateDeviceFilterInput } from "./schemas.ts";

const nameTaken = (name: string) => conflict(`A device filter named "${name}" already exists`);

export async function createDeviceFilter(
  ctx: TenantContext,
  input: CreateDeviceFilterInput,
): Promise<DeviceFilterView> {
  await checkCriteria(ctx, input.criteria);
  try {
    const row = await ctx.db.deviceFilter.create({
      data: { tenantId: ctx.tenantId, name: input.name, criteria: input.criteria },
    });
    return toDeviceFilterView(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** A new name, new criteria, or both; campaigns already started keep the criteria they recorded. */
export async function updateDeviceFilter(
  ctx: TenantContext,
  id: string,
  input: UpdateDeviceFilterInput,
): Promise<DeviceFilterView> {
  await findDeviceFilter(ctx, id);
  if (input.criteria) await checkCriteria(ctx, input.criteria);
  try {
    const row = await ctx.db.deviceFilter.update({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.criteria !== undefined ? { criteria: input.criteria } : {}),
      },
    });
    return toDeviceFilterView(row);
  } catch (error) {
    if (isUniqueViolation(error) && input.name) throw nameTaken(input.name);
    throw error;
  }
}

export async function deleteDeviceFilter(ctx: TenantContext, id: string): Promise<void> {
  await findDeviceFilter(ctx, id);
  await ctx.db.deviceFilter.delete({ where: { id } });
}
