import type { BulkJobItemStatus } from "@industryos/db";
import type { TenantDb } from "../../../deps.ts";

export type Tx = Parameters<Parameters<TenantDb["$transaction"]>[0]>[0];

/** A row or device that cannot be done as asked (the device is gone, the name is taken): recorded, not retried. */
export class ItemFailure extends Error {
  override name = "ItemFailure";
}

/** Another run of this item committed first (a retried activity): this transaction's work is rolled back. */
export class ItemAlreadyDone extends Error {
  override name = "ItemAlreadyDone";
}

/**
 * Marks a PENDING item done and counts it on the job, inside the transaction that made the item's change: the
 * change and its record commit together or not at all, so no restart or retry applies an item twice.
 */
export async function completeItem(
  tx: Tx,
  item: { jobId: string; index: number },
  outcome: {
    status: Extract<BulkJobItemStatus, "SUCCEEDED" | "FAILED">;
    resultId?: string | null;
    error?: string;
    data?: unknown;
  },
) {
  const marked = await tx.bulkJobItem.updateMany({
    where: { jobId: item.jobId, index: item.index, status: "PENDING" },
    data: {
      status: outcome.status,
      resultId: outcome.resultId ?? null,
      error: outcome.error ?? null,
      ...(outcome.data === undefined ? {} : { data: outcome.data as object }),
    },
  });
  if (marked.count === 0) throw new ItemAlreadyDone(`item ${item.index} of job ${item.jobId} is done already`);
  await tx.bulkJob.update({
    where: { id: item.jobId },
    data: {
      processed: { increment: 1 },
      ...(outcome.status === "SUCCEEDED" ? { succeeded: { increment: 1 } } : { failed: { increment: 1 } }),
    },
  });
}
