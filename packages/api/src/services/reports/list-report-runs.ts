import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { findReportSchedule } from "./find-report-schedule.ts";
import { toRunView, type ReportRunRow } from "./report-run-view.ts";
import type { listReportRunsInput } from "./schemas.ts";

/** A schedule's runs, newest first. The CSV text stays in the database: only each file's name, rows and bytes are read. */
export async function listReportRuns(
  ctx: TenantContext,
  scheduleId: string,
  input: z.infer<typeof listReportRunsInput>,
) {
  await findReportSchedule(ctx.db, scheduleId);
  const { skip, take } = skipTake(input);
  const [rows, total] = await Promise.all([
    ctx.db.$queryRaw<ReportRunRow[]>`
      SELECT id, "scheduleId", status::text AS status, trigger::text AS trigger, error, "startedAt", "finishedAt",
             COALESCE((SELECT jsonb_agg(f - 'content') FROM jsonb_array_elements(files) AS f), '[]'::jsonb) AS files
        FROM "ReportRun"
       WHERE "scheduleId" = ${scheduleId}::uuid
       ORDER BY "startedAt" DESC, id
       LIMIT ${take} OFFSET ${skip}`,
    ctx.db.reportRun.count({ where: { scheduleId } }),
  ]);
  return { data: rows.map(toRunView), total, page: input.page, pageSize: input.pageSize };
}
