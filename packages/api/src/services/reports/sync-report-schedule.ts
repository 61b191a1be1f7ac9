import {
  deleteReportSchedule,
  upsertReportSchedule,
  type ReportScheduleTiming,
} from "@industryos/temporal-client/workflows/reports";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";

/** Temporal down is the caller's to retry: the change was not saved, as the 503 says. */
function unavailable(deps: ApiDeps, error: unknown): ApiError {
  deps.logger.warn({ err: (error as Error).message }, "report schedule: Temporal did not answer");
  return new ApiError(
    "SERVICE_UNAVAILABLE",
    "The scheduler (Temporal) is not reachable, so the report schedule was not saved; try again in a minute",
  );
}

/** Writes the row's Temporal schedule; called inside the row's transaction, so a failure leaves both as they were. */
export async function syncReportSchedule(deps: ApiDeps, row: ReportScheduleTiming) {
  try {
    await upsertReportSchedule(await deps.temporal.get(), row, deps.temporal.taskQueue);
  } catch (error) {
    throw unavailable(deps, error);
  }
}

export async function removeReportSchedule(deps: ApiDeps, scheduleId: string) {
  try {
    await deleteReportSchedule(await deps.temporal.get(), scheduleId);
  } catch (error) {
    throw unavailable(deps, error);
  }
}
