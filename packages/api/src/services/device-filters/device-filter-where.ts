import type { DeviceFilterCriteria } from "./schemas.ts";

/**
 * The Prisma `where` of a filter's criteria, the same as the devices list's: what the console counts with the list
 * is what a campaign over the filter takes.
 */
export function deviceFilterWhere(f: DeviceFilterCriteria) {
  return {
    ...(f.deviceProfileId ? { deviceProfileId: f.deviceProfileId } : {}),
    ...(f.type ? { type: f.type } : {}),
    ...(f.customerId ? { customerId: f.customerId } : {}),
    ...(f.search
      ? {
          OR: [
            { name: { contains: f.search, mode: "insensitive" as const } },
            { label: { contains: f.search, mode: "insensitive" as const } },
            { type: { contains: f.search, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
}
