import type { TenantDb } from "../../deps.ts";
import { ApiError, notFound } from "../../errors.ts";
import { withDashboardTitle } from "./report-schedule-view.ts";

/** The tenant's schedule (row-level security hides every other tenant's), or 404. */
export async function findReportSchedule(db: TenantDb, id: string) {
  const row = await db.reportSchedule.findFirst({ where: { id }, include: withDashboardTitle });
  if (!row) throw notFound("Report schedule");
  return row;
}

/** A report names a dashboard of the same tenant; another tenant's id is simply one that does not exist. */
export async function assertDashboardExists(db: TenantDb, dashboardId: string) {
  const dashboard = await db.dashboard.findFirst({ where: { id: dashboardId }, select: { id: true } });
  if (!dashboard) {
    const message = "No dashboard with this id";
    throw new ApiError("VALIDATION_FAILED", `dashboardId: ${message}`, [{ path: ["dashboardId"], message }]);
  }
}
