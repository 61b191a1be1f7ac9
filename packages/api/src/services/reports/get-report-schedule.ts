import { nextReportTimes } from "@industryos/temporal-client/workflows/reports";
import type { TenantContext } from "../../context.ts";
import { findReportSchedule } from "./find-report-schedule.ts";
import { toScheduleView } from "./report-schedule-view.ts";

/** A page must not wait long for a nice-to-have. */
const NEXT_RUN_DEADLINE_MS = 3_000;

function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${NEXT_RUN_DEADLINE_MS} ms`)), NEXT_RUN_DEADLINE_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The schedule, with its next run time as Temporal computes it (null while disabled or Temporal is down). */
export async function getReportSchedule(ctx: TenantContext, id: string) {
  const row = await findReportSchedule(ctx.db, id);
  let nextRunAt: string | null = null;
  try {
    const [next] = await withDeadline(nextReportTimes(await ctx.deps.temporal.get(), id));
    nextRunAt = next?.toISOString() ?? null;
  } catch (error) {
    ctx.deps.logger.warn({ err: (error as Error).message, id }, "report schedule: next run time unknown");
  }
  return { ...toScheduleView(row), nextRunAt };
}
