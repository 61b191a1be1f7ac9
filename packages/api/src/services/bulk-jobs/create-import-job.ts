import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { jobActorOf } from "./bulk-job-context.ts";
import { toBulkJobView } from "./bulk-job-view.ts";
import { resolveColumns } from "./import/column-mapping.ts";
import { parseCsv } from "./import/parse-csv.ts";
import { validateImport } from "./import/validate-import.ts";
import type { deviceImportInput } from "./schemas.ts";
import { insertItems } from "./insert-items.ts";

/**
 * `POST /bulk-jobs/device-import`: parses and checks the whole file and stores the job as VALIDATED with one item
 * per row (runnable, or refused with its issues) and the report. No device is touched until the job is started.
 */
export async function createDeviceImportJob(ctx: TenantContext, input: z.infer<typeof deviceImportInput>) {
  const table = parseCsv(input.csv, input.delimiter);
  const columns = resolveColumns(table.headers, input.mapping);
  const { rows, report } = await validateImport(ctx, columns, table.rows, input.updateExisting);
  const job = await ctx.db.$transaction(
    async (tx) => {
      const job = await tx.bulkJob.create({
        data: {
          tenantId: ctx.tenantId,
          type: "DEVICE_IMPORT",
          status: "VALIDATED",
          input: {
            updateExisting: input.updateExisting,
            ...(input.maxPerSecond ? { maxPerSecond: input.maxPerSecond } : {}),
            actor: jobActorOf(ctx.actor),
          } as object,
          report: report as object,
          total: rows.length,
          createdById: ctx.actor.userId,
        },
      });
      await insertItems(tx, ctx.tenantId, job.id, rows);
      return job;
    },
    { timeout: 60_000 },
  );
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "BULK_JOB_CREATED",
    actionData: { jobId: job.id, type: job.type, rows: report.rows, invalid: report.invalid },
  });
  return toBulkJobView(job);
}
