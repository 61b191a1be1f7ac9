import type { TenantDb } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { deviceFilterWhere } from "../device-filters/device-filter-where.ts";
import { toDeviceFilterView } from "../device-filters/device-filter-view.ts";
import type { CampaignTarget } from "./schemas.ts";

const invalid = (path: string[], message: string) => new ApiError("VALIDATION_FAILED", message, [{ path, message }]);

/**
 * The target as the campaign records it: a saved filter becomes its name and its criteria as they are now, so the
 * campaign shows what it took even after the filter is changed or deleted.
 */
export async function resolveTarget(db: TenantDb, target: CampaignTarget) {
  if (!("savedFilterId" in target)) return target;
  const saved = await db.deviceFilter.findUnique({ where: { id: target.savedFilterId } });
  if (!saved) throw invalid(["target", "savedFilterId"], "No such saved device filter");
  const { criteria, name } = toDeviceFilterView(saved);
  return { savedFilterId: saved.id, savedFilterName: name, filter: criteria };
}
export type ResolvedTarget = Awaited<ReturnType<typeof resolveTarget>>;

/** The target's devices (id and profile), in id order: the order waves are cut in. */
export async function campaignDevices(db: TenantDb, target: ResolvedTarget) {
  const select = { id: true, deviceProfileId: true } as const;
  const orderBy = { id: "asc" } as const;
  if ("deviceProfileId" in target) {
    return db.device.findMany({ where: { deviceProfileId: target.deviceProfileId }, select, orderBy });
  }
  if ("deviceIds" in target) {
    const ids = [...new Set(target.deviceIds)];
    const found = await db.device.findMany({ where: { id: { in: ids } }, select, orderBy });
    if (found.length !== ids.length)
      throw invalid(["target", "deviceIds"], `${ids.length - found.length} of the devices do not exist`);
    return found;
  }
  // As the devices list filters: the console counts a filter's devices with it before starting.
  return db.device.findMany({ where: deviceFilterWhere(target.filter), select, orderBy });
}

/** The wave of each of `count` devices: wave i ends at ⌈count × waves[i] / 100⌉ (every wave at least one device). */
export function waveOf(count: number, waves: readonly number[]): number[] {
  const ends = waves.map((share) => Math.ceil((count * share) / 100));
  const result: number[] = [];
  let wave = 0;
  for (let i = 0; i < count; i++) {
    while (wave < ends.length - 1 && i >= ends[wave]!) wave++;
    result.push(wave);
  }
  return result;
}
