import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toDeviceFilterView } from "./device-filter-view.ts";
import type { listDeviceFiltersInput } from "./schemas.ts";

export async function listDeviceFilters(ctx: TenantContext, input: z.output<typeof listDeviceFiltersInput>) {
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    ctx.db.deviceFilter.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.deviceFilter.count({ where }),
  ]);
  return { data: rows.map(toDeviceFilterView), total, page: input.page, pageSize: input.pageSize };
}
