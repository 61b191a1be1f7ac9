import type { TenantDb } from "../../deps.ts";

type Tx = Parameters<Parameters<TenantDb["$transaction"]>[0]>[0];

export interface NewItem {
  index: number;
  key: string;
  status: "PENDING" | "SKIPPED";
  data: unknown;
  error: string | null;
}

const CHUNK = 1_000;

/** A job's items, in chunks (one statement per thousand rows), inside the transaction that creates the job. */
export async function insertItems(tx: Tx, tenantId: string, jobId: string, items: NewItem[]) {
  for (let i = 0; i < items.length; i += CHUNK) {
    await tx.bulkJobItem.createMany({
      data: items.slice(i, i + CHUNK).map((item) => ({
        tenantId,
        jobId,
        index: item.index,
        key: item.key,
        status: item.status,
        data: item.data as object,
        error: item.error,
      })),
    });
  }
}
