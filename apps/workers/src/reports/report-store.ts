import { dashboardConfigSchema, type DashboardConfig } from "@industryos/dashboard-schema";
import type { DatabaseClients } from "@industryos/db";
import type { ReportFileEntry, ReportTrigger } from "@industryos/temporal-client/workflows/reports";

export interface ReportPlan {
  name: string;
  dashboardTitle: string;
  dashboard: DashboardConfig;
  layout: "PER_WIDGET" | "PER_DEVICE";
  timeZone: string;
  rangeHours: number;
  recipients: string[];
}

/** The report rows as the workflow's activities read and write them, always under the tenant's row-level security. */
export function reportStore(db: Pick<DatabaseClients, "forTenant">) {
  return {
    /**
     * Makes sure the run's row exists (a scheduled run creates it here, "run now" already did) and says whether
     * the schedule still does: a schedule deleted meanwhile takes its runs with it.
     */
    async beginRun(args: { tenantId: string; scheduleId: string; runId: string; trigger: ReportTrigger }) {
      const tenantDb = db.forTenant(args.tenantId);
      const schedule = await tenantDb.reportSchedule.findFirst({
        where: { id: args.scheduleId },
        select: { id: true },
      });
      if (!schedule) return false;
      await tenantDb.reportRun.upsert({
        where: { id: args.runId },
        create: { id: args.runId, tenantId: args.tenantId, scheduleId: args.scheduleId, trigger: args.trigger },
        update: {},
      });
      return true;
    },

    /** The schedule and its dashboard's configuration; null when either is gone. */
    async plan(tenantId: string, scheduleId: string): Promise<ReportPlan | null> {
      const row = await db.forTenant(tenantId).reportSchedule.findFirst({
        where: { id: scheduleId },
        include: { dashboard: { select: { title: true, configuration: true } } },
      });
      if (!row) return null;
      const parsed = dashboardConfigSchema.safeParse(row.dashboard.configuration);
      if (!parsed.success)
        throw new Error(`The dashboard “${row.dashboard.title}” has a configuration that no longer reads`);
      return {
        name: row.name,
        dashboardTitle: row.dashboard.title,
        dashboard: parsed.data,
        layout: row.layout,
        timeZone: row.timeZone,
        rangeHours: row.rangeHours,
        recipients: row.recipients,
      };
    },

    async saveFiles(tenantId: string, runId: string, files: ReportFileEntry[]) {
      await db.forTenant(tenantId).reportRun.update({ where: { id: runId }, data: { files: files as never } });
    },

    async files(tenantId: string, runId: string): Promise<ReportFileEntry[]> {
      const run = await db.forTenant(tenantId).reportRun.findFirst({ where: { id: runId }, select: { files: true } });
      return (Array.isArray(run?.files) ? run.files : []) as unknown as ReportFileEntry[];
    },

    /** Records the outcome once: a finished run is not reopened by a retried activity. */
    async finish(tenantId: string, runId: string, outcome: { status: "SUCCEEDED" | "FAILED"; error?: string | null }) {
      await db.forTenant(tenantId).reportRun.updateMany({
        where: { id: runId, status: "RUNNING" },
        data: { status: outcome.status, error: outcome.error ?? null, finishedAt: new Date() },
      });
    },
  };
}

export type ReportStore = ReturnType<typeof reportStore>;
