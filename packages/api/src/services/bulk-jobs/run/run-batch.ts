import type { BulkJob, BulkJobItem } from "@industryos/db";
import type { BulkJobInput } from "@industryos/temporal-client/workflows/bulk";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError } from "../../../errors.ts";
import { isUniqueViolation } from "../../../rest/error-response.ts";
import { bulkJobContext, type BulkJobContext, type BulkJobDeps, type JobActor } from "../bulk-job-context.ts";
import { completeItem, ItemAlreadyDone, ItemFailure } from "./item-outcome.ts";
import { runAttributeItem, runDeleteItem, runRpcItem } from "./run-device-items.ts";
import { credentialConflictBudget, CREDENTIALS_TAKEN } from "./credential-conflicts.ts";
import { deviceLimitOf, runImportRow } from "./run-import-row.ts";

export interface BatchOptions {
  /** Items taken in this call. */
  limit: number;
  /** Aborted when the worker shuts down: the batch stops after the item in hand and reports MORE. */
  signal?: AbortSignal;
  /** Called after each item (the activity's heartbeat). */
  onItem?: (index: number) => void;
}

/** MORE: call again; DONE: no pending item is left (or the job stopped running); CANCELLED: someone cancelled it. */
export type BatchState = "MORE" | "DONE" | "CANCELLED";

/** How often a batch re-reads the job's status (items or time, whichever first), so a cancel stops it soon. */
const STATUS_CHECK_EVERY = 20;
const STATUS_CHECK_MS = 1_000;

interface JobRequest {
  actor?: JobActor;
  maxPerSecond?: number;
  scope?: "SHARED" | "SERVER";
  values?: Record<string, unknown>;
  method?: string;
  params?: unknown;
  timeoutMs?: number;
}

/** Why an item could not be done, in words for its row; undefined for failures worth a retry (the database away). */
function itemFailureMessage(error: unknown): string | undefined {
  if (error instanceof ItemFailure || error instanceof ApiError) return error.message;
  if (isUniqueViolation(error)) {
    const target = JSON.stringify((error as { meta?: unknown }).meta ?? "");
    return target.includes("credentialsId") ? CREDENTIALS_TAKEN : "A device with this name exists";
  }
  return undefined;
}

async function runnerFor(ctx: BulkJobContext, job: BulkJob, request: JobRequest) {
  switch (job.type) {
    case "DEVICE_IMPORT": {
      const [maxDevices, conflicts] = await Promise.all([deviceLimitOf(ctx), credentialConflictBudget(ctx)]);
      return (item: BulkJobItem) => runImportRow(ctx, item, maxDevices, conflicts);
    }
    case "ATTRIBUTE_UPDATE":
      return (item: BulkJobItem) =>
        runAttributeItem(ctx, item, { scope: request.scope!, values: request.values ?? {} });
    case "RPC":
      return (item: BulkJobItem) =>
        runRpcItem(ctx, item, {
          method: request.method!,
          params: request.params,
          timeoutMs: request.timeoutMs ?? 3_600_000,
        });
    case "DELETE":
      return (item: BulkJobItem) => runDeleteItem(ctx, item);
  }
}

/**
 * Runs the job's next `limit` PENDING items in order. Each item's change commits with its record (see
 * completeItem), so a batch cut short by a crash or a shutdown is simply run again: items already done are no
 * longer PENDING, and one done meanwhile by another attempt rolls back. A row that cannot be done is recorded as
 * FAILED with the reason; anything else (the database away) is thrown for the activity to retry.
 */
export async function runBulkJobBatch(
  deps: BulkJobDeps,
  input: BulkJobInput,
  options: BatchOptions,
): Promise<BatchState> {
  const db = deps.db.forTenant(input.tenantId);
  const job = await db.bulkJob.findUnique({ where: { id: input.jobId } });
  if (!job) return "DONE";
  if (job.status === "CANCELLED") return "CANCELLED";
  if (job.status !== "RUNNING") return "DONE";
  const items = await db.bulkJobItem.findMany({
    where: { jobId: job.id, status: "PENDING" },
    orderBy: { index: "asc" },
    take: options.limit,
  });
  if (items.length === 0) return "DONE";
  const request = job.input as JobRequest;
  const ctx = bulkJobContext(deps, input.tenantId, request.actor);
  const run = await runnerFor(ctx, job, request);
  const spacingMs = request.maxPerSecond ? 1_000 / request.maxPerSecond : 0;
  let checkedAt = Date.now();
  for (const [i, item] of items.entries()) {
    if (options.signal?.aborted) return "MORE";
    if (i > 0 && (i % STATUS_CHECK_EVERY === 0 || Date.now() - checkedAt >= STATUS_CHECK_MS)) {
      checkedAt = Date.now();
      const now = await db.bulkJob.findUnique({ where: { id: job.id }, select: { status: true } });
      if (now?.status === "CANCELLED") return "CANCELLED";
    }
    const started = Date.now();
    await runItem(ctx, item, run);
    options.onItem?.(item.index);
    const wait = spacingMs - (Date.now() - started);
    if (wait > 0) await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
  }
  return "MORE";
}

async function runItem(ctx: BulkJobContext, item: BulkJobItem, run: (item: BulkJobItem) => Promise<void>) {
  try {
    await run(item);
  } catch (error) {
    if (error instanceof ItemAlreadyDone) return;
    const message = itemFailureMessage(error);
    if (message === undefined) throw error;
    await ctx.db
      .$transaction((tx) => completeItem(tx, item, { status: "FAILED", error: message }))
      .catch((again: unknown) => {
        if (!(again instanceof ItemAlreadyDone)) throw again;
      });
  }
}
