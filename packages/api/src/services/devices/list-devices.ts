import type { z } from "zod";
import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { skipTake, type Page } from "../shared/paging.ts";
import { deviceInclude, INACTIVITY_TIMEOUT_MS, toDeviceView } from "./device-view.ts";
import type { DeviceView, listDevicesInput } from "./schemas.ts";

/** One page of the tenant's devices (a customer user's: only its customer's). */
export async function listDevices(
  ctx: TenantContext,
  input: z.infer<typeof listDevicesInput>,
): Promise<Page<DeviceView>> {
  const activeSince = new Date(Date.now() - INACTIVITY_TIMEOUT_MS);
  const where = {
    ...(input.profileId ? { deviceProfileId: input.profileId } : {}),
    ...(input.type ? { type: input.type } : {}),
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...customerFilter(ctx.actor),
    ...(input.active === true ? { lastActivityAt: { gte: activeSince } } : {}),
    ...(input.active === false ? { OR: [{ lastActivityAt: null }, { lastActivityAt: { lt: activeSince } }] } : {}),
    ...(input.search
      ? {
          AND: [
            {
              OR: [
                { name: { contains: input.search, mode: "insensitive" as const } },
                { label: { contains: input.search, mode: "insensitive" as const } },
                { type: { contains: input.search, mode: "insensitive" as const } },
              ],
            },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.device.findMany({
      where,
      include: deviceInclude,
      // Never-seen devices sort last whichever way activity is ordered.
      orderBy: [
        input.sortBy === "lastActivityAt"
          ? { lastActivityAt: { sort: input.sortOrder, nulls: "last" as const } }
          : { [input.sortBy]: input.sortOrder },
        { id: "asc" as const },
      ],
      ...skipTake(input),
    }),
    ctx.db.device.count({ where }),
  ]);
  return { data: rows.map(toDeviceView), total, page: input.page, pageSize: input.pageSize };
}
