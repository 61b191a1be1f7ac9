import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { deviceFilterWhere } from "./device-filter-where.ts";
import { toDeviceFilterView } from "./device-filter-view.ts";
import { findDeviceFilter } from "./find-device-filter.ts";
import type { pagingInput } from "../shared/paging.ts";

/** The devices the saved filter matches now, by name, a page at a time; `total` is what a campaign would take. */
export async function listMatchedDevices(ctx: TenantContext, id: string, input: z.output<typeof pagingInput>) {
  const where = deviceFilterWhere(toDeviceFilterView(await findDeviceFilter(ctx, id)).criteria);
  const select = {
    id: true,
    name: true,
    label: true,
    type: true,
    deviceProfileId: true,
    customerId: true,
  } as const;
  const [data, total] = await Promise.all([
    ctx.db.device.findMany({ where, select, orderBy: [{ name: "asc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.device.count({ where }),
  ]);
  return { data, total, page: input.page, pageSize: input.pageSize };
}
