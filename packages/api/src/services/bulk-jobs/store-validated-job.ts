import type { BulkJobType } from "@industryos/db";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { jobActorOf } from "./bulk-job-context.ts";
import { insertItems, type NewItem } from "./insert-items.ts";

/**
 * Stores a checked job as VALIDATED — its request with the actor it will run as, its report, one item per row
 * or device — in one transaction (a large import's items take a while), then audits it with `audit` added.
 */
export async function storeValidatedJob(
  ctx: TenantContext,
  job: {
    type: BulkJobType;
    request: Record<string, unknown>;
    maxPerSecond?: number;
    report: object;
    items: NewItem[];
    audit: Record<string, unknown>;
  },
) {
  const created = await ctx.db.$transaction(
    async (tx) => {
      const row = await tx.bulkJob.create({
        data: {
          tenantId: ctx.tenantId,
          type: job.type,
          status: "VALIDATED",
          input: {
            ...job.request,
            ...(job.maxPerSecond ? { maxPerSecond: job.maxPerSecond } : {}),
            actor: jobActorOf(ctx.actor),
          } as object,
          report: job.report,
          total: job.items.length,
          createdById: ctx.actor.userId,
        },
      });
      await insertItems(tx, ctx.tenantId, row.id, job.items);
      return row;
    },
    { timeout: 60_000 },
  );
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "BULK_JOB_CREATED",
    actionData: { jobId: created.id, type: created.type, ...job.audit },
  });
  return created;
}
