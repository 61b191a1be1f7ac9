import { ApplicationFailure, Context } from "@temporalio/activity";
import type { DatabaseClients } from "@industryos/db";
import type { TelemetryReader } from "@industryos/db/telemetry";
import { deleteReportSchedule, type ReportTrigger } from "@industryos/temporal-client/workflows/reports";
import { buildReport, ReportTooLarge } from "../../reports/build-report.ts";
import { formatLocalTime } from "../../reports/local-time.ts";
import { reportDeviceResolver } from "../../reports/report-devices.ts";
import { ReportEmailRefused, sendReportEmail, type ReportEmailSettings } from "../../reports/report-email.ts";
import { reportStore } from "../../reports/report-store.ts";

export interface ReportActivityDeps {
  db: Pick<DatabaseClients, "forTenant">;
  telemetry: TelemetryReader;
  email: ReportEmailSettings;
}

export interface ReportRunRef {
  tenantId: string;
  scheduleId: string;
  runId: string;
}

export interface ReportFileSummary {
  name: string;
  rows: number;
  bytes: number;
}

/** Nothing a retry can fix (the schedule or dashboard is gone, the report too big, the email refused). */
const final = (message: string) => ApplicationFailure.nonRetryable(message, "ReportFailed");

/**
 * The steps of one report run. The CSVs travel through the run's row, not through Temporal: a workflow's
 * payloads stay small, and the files remain downloadable after the email went out.
 */
export function createReportActivities(deps: ReportActivityDeps) {
  const store = reportStore(deps.db);
  return {
    /** False when the schedule was deleted since Temporal started the run. */
    async startReportRun(input: ReportRunRef & { trigger: ReportTrigger }): Promise<boolean> {
      return store.beginRun(input);
    },

    /** Reads the dashboard and its telemetry, writes the CSVs into the run's row; `to` is the range's end (epoch ms). */
    async buildReportFiles(input: ReportRunRef & { to: number }) {
      const plan = await store.plan(input.tenantId, input.scheduleId);
      if (!plan) throw final("The report schedule or its dashboard was deleted");
      try {
        const report = await buildReport(plan, input.to, {
          tenantId: input.tenantId,
          telemetry: deps.telemetry,
          devicesOf: reportDeviceResolver(deps.db, input.tenantId),
        });
        await store.saveFiles(input.tenantId, input.runId, report.files);
        const files: ReportFileSummary[] = report.files.map(({ name, rows, bytes }) => ({ name, rows, bytes }));
        return { files, skipped: report.skipped };
      } catch (error) {
        if (error instanceof ReportTooLarge) throw final(error.message);
        throw error;
      }
    },

    /** Emails the run's CSVs to the schedule's recipients; `{emailed: false}` when no provider is configured. */
    async emailReport(input: ReportRunRef & { to: number; skipped: string[] }): Promise<{ emailed: boolean }> {
      const plan = await store.plan(input.tenantId, input.scheduleId);
      if (!plan) throw final("The report schedule or its dashboard was deleted");
      const files = await store.files(input.tenantId, input.runId);
      const from = input.to - plan.rangeHours * 3_600_000;
      const range = `${formatLocalTime(from, plan.timeZone)} to ${formatLocalTime(input.to, plan.timeZone)}`;
      const lines = [
        `${plan.name}: data of the dashboard “${plan.dashboardTitle}” from ${range} (${plan.timeZone}).`,
        files.length
          ? `Attached: ${files.map((f) => `${f.name} (${f.rows} rows)`).join(", ")}.`
          : "The dashboard has no telemetry widgets with data to report.",
        ...input.skipped.map((s) => `Left out: ${s}.`),
      ];
      try {
        const { sent } = await sendReportEmail(deps.email, {
          idempotencyKey: `report-run/${input.runId}`,
          to: plan.recipients,
          subject: `${plan.name} (${plan.dashboardTitle})`,
          lines,
          files,
        });
        return { emailed: sent };
      } catch (error) {
        if (error instanceof ReportEmailRefused) throw final(error.message);
        throw error;
      }
    },

    /**
     * A schedule fired for a row that is gone (its dashboard was deleted, which cascades): its Temporal
     * schedule goes too, through the worker's own client, instead of firing every day until a restart.
     */
    async deleteOrphanReportSchedule(input: { scheduleId: string }): Promise<void> {
      await deleteReportSchedule(Context.current().client, input.scheduleId);
    },

    async finishReportRun(input: { tenantId: string; runId: string; status: "SUCCEEDED" | "FAILED"; error?: string }) {
      await store.finish(input.tenantId, input.runId, { status: input.status, error: input.error });
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
