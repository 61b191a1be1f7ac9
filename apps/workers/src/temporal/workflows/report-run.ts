/**
 * One report run: started by the report's Temporal schedule or by "run now". Deterministic: the run id of a
 * scheduled run comes from the workflow's seeded uuid4 and its range end from workflow time, so a replay after a
 * worker restart finds the same row and range. The CSVs pass through the run's row, never through this workflow.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, uuid4 } from "@temporalio/workflow";
import type { ReportRunInput } from "@industryos/temporal-client/workflows/reports";
import type { ReportActivities, ReportFileSummary } from "../activities/reports.ts";

const bookkeeping = proxyActivities<ReportActivities>({
  startToCloseTimeout: "30 seconds",
  retry: { initialInterval: "1 second", maximumInterval: "30 seconds", maximumAttempts: 20 },
});
const { buildReportFiles } = proxyActivities<ReportActivities>({
  startToCloseTimeout: "5 minutes",
  retry: { initialInterval: "5 seconds", backoffCoefficient: 2, maximumAttempts: 3 },
});
// The provider may be down for a while: keep trying for about half an hour.
const { emailReport } = proxyActivities<ReportActivities>({
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "10 seconds", backoffCoefficient: 2, maximumInterval: "5 minutes", maximumAttempts: 10 },
});

export interface ReportRunResult {
  runId: string;
  status: "SUCCEEDED" | "FAILED" | "SKIPPED";
  files: ReportFileSummary[];
  emailed: boolean;
  error?: string;
}

/** Reports cover whole minutes: a run started at 07:00:02 reports up to 07:00:00. */
const MINUTE_MS = 60_000;

/** The message a user should read: the activity's own failure, not Temporal's wrapper around it. */
function reasonOf(error: unknown): string {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure || cause instanceof Error) return cause.message;
  return String(cause);
}

export async function reportRunWorkflow(input: ReportRunInput): Promise<ReportRunResult> {
  const runId = input.runId ?? uuid4();
  const ref = { tenantId: input.tenantId, scheduleId: input.scheduleId, runId };
  const to = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
  if (!(await bookkeeping.startReportRun({ ...ref, trigger: input.trigger }))) {
    if (input.trigger === "SCHEDULED") await bookkeeping.deleteOrphanReportSchedule({ scheduleId: input.scheduleId });
    return { runId, status: "SKIPPED", files: [], emailed: false, error: "The report schedule was deleted" };
  }
  try {
    const built = await buildReportFiles({ ...ref, to });
    const { emailed } = await emailReport({ ...ref, to, skipped: built.skipped });
    const note = emailed ? undefined : "Not emailed: no email provider (RESEND_API_KEY) is configured";
    await bookkeeping.finishReportRun({ tenantId: input.tenantId, runId, status: "SUCCEEDED", error: note });
    return { runId, status: "SUCCEEDED", files: built.files, emailed, ...(note ? { error: note } : {}) };
  } catch (error) {
    const reason = reasonOf(error);
    await bookkeeping.finishReportRun({ tenantId: input.tenantId, runId, status: "FAILED", error: reason });
    return { runId, status: "FAILED", files: [], emailed: false, error: reason };
  }
}
