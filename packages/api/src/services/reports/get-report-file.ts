import type { ReportFileEntry } from "@industryos/temporal-client/workflows/reports";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { BinaryReply } from "../../operations/operation.ts";
import { findReportSchedule } from "./find-report-schedule.ts";

/** A filename safe inside a quoted Content-Disposition (ours are `widget-….csv`, but the header must never break). */
const quotedName = (name: string) => name.replace(/[^\w.\- ]/g, "_");

/** One CSV of a run, as it was emailed. */
export async function getReportFile(ctx: TenantContext, scheduleId: string, runId: string, fileName: string) {
  await findReportSchedule(ctx.db, scheduleId);
  const run = await ctx.db.reportRun.findFirst({ where: { id: runId, scheduleId }, select: { files: true } });
  if (!run) throw notFound("Report run");
  const files = (Array.isArray(run.files) ? run.files : []) as unknown as ReportFileEntry[];
  const file = files.find((f) => f.name === fileName);
  if (!file || typeof file.content !== "string") throw notFound("Report file");
  const bytes = new TextEncoder().encode(file.content);
  return new BinaryReply(
    (async function* () {
      yield bytes;
    })(),
    {
      "content-type": "text/csv; charset=utf-8",
      "content-length": String(bytes.byteLength),
      "content-disposition": `attachment; filename="${quotedName(file.name)}"`,
    },
  );
}
