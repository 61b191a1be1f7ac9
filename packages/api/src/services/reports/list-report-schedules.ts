import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toScheduleView, withDashboardTitle } from "./report-schedule-view.ts";
import type { listReportSchedulesInput } from "./schemas.ts";

export async function listReportSchedules(ctx: TenantContext, input: z.infer<typeof listReportSchedulesInput>) {
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    ctx.db.reportSchedule.findMany({
      where,
      orderBy: { name: "asc" },
      include: withDashboardTitle,
      ...skipTake(input),
    }),
    ctx.db.reportSchedule.count({ where }),
  ]);
  return { data: rows.map(toScheduleView), total, page: input.page, pageSize: input.pageSize };
}
