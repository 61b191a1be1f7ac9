import type { TenantDb } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import type { CreateCampaignInput } from "./schemas.ts";

const invalid = (path: string[], message: string) => new ApiError("VALIDATION_FAILED", message, [{ path, message }]);

/** The target's devices (id and profile), in id order: the order waves are cut in. */
export async function campaignDevices(db: TenantDb, target: CreateCampaignInput["target"]) {
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
  const f = target.filter;
  return db.device.findMany({
    where: {
      ...(f.deviceProfileId ? { deviceProfileId: f.deviceProfileId } : {}),
      ...(f.type ? { type: f.type } : {}),
      ...(f.customerId ? { customerId: f.customerId } : {}),
      ...(f.search
        ? {
            OR: [
              { name: { contains: f.search, mode: "insensitive" as const } },
              { label: { contains: f.search, mode: "insensitive" as const } },
              // As the devices list searches: the console counts a filter's devices with it before starting.
              { type: { contains: f.search, mode: "insensitive" as const } },
            ],
          }
        : {}),
    },
    select,
    orderBy,
  });
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
