import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { toBulkJobView } from "./bulk-job-view.ts";
import type { NewItem } from "./insert-items.ts";
import { resolveSelection } from "./resolve-selection.ts";
import type { bulkAttributesInput, bulkDeleteInput, bulkRpcInput, BulkJobReport } from "./schemas.ts";
import { startBulkJob } from "./start-bulk-job.ts";
import { storeValidatedJob } from "./store-validated-job.ts";

type SelectionJob =
  | { type: "ATTRIBUTE_UPDATE"; input: z.infer<typeof bulkAttributesInput> }
  | { type: "RPC"; input: z.infer<typeof bulkRpcInput> }
  | { type: "DELETE"; input: z.infer<typeof bulkDeleteInput> };

/** What the job does to each device, stored once on the job (its items hold only the devices). */
function requestOf(job: SelectionJob): Record<string, unknown> {
  switch (job.type) {
    case "ATTRIBUTE_UPDATE":
      return { scope: job.input.scope, values: job.input.values };
    case "RPC":
      return { method: job.input.method, params: job.input.params, timeoutMs: job.input.timeoutMs };
    case "DELETE":
      return {};
  }
}

/**
 * `POST /bulk-jobs/attributes|rpc|delete`: resolves the selection to devices and stores the job as VALIDATED, one
 * item per device (ids that name no device are refused items). With `start: true` it is started at once.
 */
export async function createSelectionJob(ctx: TenantContext, job: SelectionJob) {
  const { devices, unknownIds } = await resolveSelection(ctx, job.input.selection);
  if (devices.length === 0)
    throw new ApiError("VALIDATION_FAILED", "The selection names no device", [
      { path: ["selection"], message: "No device selected" },
    ]);
  if (job.type === "DELETE" && devices.length > 1 && job.input.confirm !== devices.length)
    throw new ApiError(
      "VALIDATION_FAILED",
      `This deletes ${devices.length} devices: send confirm: ${devices.length} to go ahead`,
      [{ path: ["confirm"], message: `Confirm with the number of devices, ${devices.length}` }],
    );
  const items: NewItem[] = [
    ...devices.map((d, i) => ({
      index: i + 1,
      key: d.id,
      status: "PENDING" as const,
      data: { name: d.name },
      error: null,
    })),
    ...unknownIds.map((id, i) => ({
      index: devices.length + i + 1,
      key: id,
      status: "SKIPPED" as const,
      data: { name: null, issues: [{ column: null, message: "No such device" }] },
      error: "No such device",
    })),
  ];
  const report: Partial<BulkJobReport> = {
    rows: items.length,
    update: devices.length,
    invalid: unknownIds.length,
    errors: unknownIds.slice(0, 100).map((id, i) => ({
      row: devices.length + i + 1,
      name: id,
      issues: [{ column: null, message: "No such device" }],
    })),
  };
  const created = await storeValidatedJob(ctx, {
    type: job.type,
    request: requestOf(job),
    maxPerSecond: job.input.maxPerSecond,
    report,
    items,
    audit: { devices: devices.length },
  });
  return job.input.start ? startBulkJob(ctx, created.id) : toBulkJobView(created);
}
