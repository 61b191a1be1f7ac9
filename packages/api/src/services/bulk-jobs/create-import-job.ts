import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { toBulkJobView } from "./bulk-job-view.ts";
import { resolveColumns } from "./import/column-mapping.ts";
import { parseCsv } from "./import/parse-csv.ts";
import { validateImport } from "./import/validate-import.ts";
import type { deviceImportInput } from "./schemas.ts";
import { storeValidatedJob } from "./store-validated-job.ts";

/**
 * `POST /bulk-jobs/device-import`: parses and checks the whole file and stores the job as VALIDATED with one item
 * per row (runnable, or refused with its issues) and the report. No device is touched until the job is started.
 */
export async function createDeviceImportJob(ctx: TenantContext, input: z.infer<typeof deviceImportInput>) {
  const table = parseCsv(input.csv, input.delimiter);
  const columns = resolveColumns(table.headers, input.mapping);
  const { rows, report } = await validateImport(ctx, columns, table.rows, input.updateExisting);
  const job = await storeValidatedJob(ctx, {
    type: "DEVICE_IMPORT",
    request: { updateExisting: input.updateExisting },
    maxPerSecond: input.maxPerSecond,
    report,
    items: rows,
    audit: { rows: report.rows, invalid: report.invalid },
  });
  return toBulkJobView(job);
}
