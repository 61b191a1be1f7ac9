import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { findBulkJob, toBulkJobView } from "./bulk-job-view.ts";
import type { RowIssue, listBulkJobItemsInput, listBulkJobsInput } from "./schemas.ts";

export async function listBulkJobs(ctx: TenantContext, input: z.infer<typeof listBulkJobsInput>) {
  const where = input.type ? { type: input.type } : {};
  const [rows, total] = await Promise.all([
    ctx.db.bulkJob.findMany({ where, orderBy: { createdAt: "desc" }, ...skipTake(input) }),
    ctx.db.bulkJob.count({ where }),
  ]);
  return { data: rows.map(toBulkJobView), total, page: input.page, pageSize: input.pageSize };
}

export async function getBulkJob(ctx: TenantContext, id: string) {
  return toBulkJobView(await findBulkJob(ctx, id));
}

/** A job's rows or devices in order, with what each did or why it was refused (no credentials shown). */
export async function listBulkJobItems(ctx: TenantContext, id: string, input: z.infer<typeof listBulkJobItemsInput>) {
  await findBulkJob(ctx, id);
  const where = { jobId: id, ...(input.status ? { status: input.status } : {}) };
  const [rows, total] = await Promise.all([
    ctx.db.bulkJobItem.findMany({ where, orderBy: { index: "asc" }, ...skipTake(input) }),
    ctx.db.bulkJobItem.count({ where }),
  ]);
  return {
    data: rows.map((row) => {
      const data = row.data as { action?: string; issues?: RowIssue[] };
      return {
        index: row.index,
        key: row.key,
        action: data.action ?? null,
        status: row.status,
        error: row.error,
        issues: data.issues ?? [],
        resultId: row.resultId,
      };
    }),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
