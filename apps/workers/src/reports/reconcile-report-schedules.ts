import type { Client } from "@temporalio/client";
import type { DatabaseClients } from "@industryos/db";
import type { Logger } from "@industryos/runtime";
import {
  deleteReportSchedule,
  reportScheduleId,
  upsertReportSchedule,
} from "@industryos/temporal-client/workflows/reports";

const PREFIX = reportScheduleId("");

/**
 * At worker start, every ReportSchedule row gets its Temporal schedule back as the row says (a dev server
 * started afresh, an API write whose commit failed after Temporal took it), and a Temporal report schedule
 * whose row is gone (its dashboard was deleted, which cascades) is deleted. Platform-wide work: the system
 * client reads every tenant's rows, and nothing here reads tenant data beyond the schedule's timing.
 */
export async function reconcileReportSchedules(deps: {
  db: Pick<DatabaseClients, "system">;
  client: Client;
  taskQueue: string;
  logger: Logger;
}) {
  const rows = await deps.db.system.reportSchedule.findMany({
    select: {
      id: true,
      tenantId: true,
      frequency: true,
      dayOfWeek: true,
      timeOfDay: true,
      timeZone: true,
      enabled: true,
    },
  });
  let failed = 0;
  for (const row of rows) {
    try {
      await upsertReportSchedule(deps.client, row, deps.taskQueue);
    } catch (error) {
      failed++;
      deps.logger.warn({ err: (error as Error).message, scheduleId: row.id }, "report schedule not reconciled");
    }
  }
  const known = new Set(rows.map((r) => reportScheduleId(r.id)));
  let deleted = 0;
  for await (const schedule of deps.client.schedule.list()) {
    if (!schedule.scheduleId.startsWith(PREFIX) || known.has(schedule.scheduleId)) continue;
    await deleteReportSchedule(deps.client, schedule.scheduleId.slice(PREFIX.length));
    deleted++;
  }
  return { synced: rows.length - failed, failed, deleted };
}
