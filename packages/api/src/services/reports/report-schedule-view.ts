import type { z } from "zod";
import type { reportScheduleView } from "./schemas.ts";

export interface ReportScheduleRow {
  id: string;
  name: string;
  dashboardId: string;
  layout: "PER_WIDGET" | "PER_DEVICE";
  frequency: "DAILY" | "WEEKLY";
  dayOfWeek: number | null;
  timeOfDay: string;
  timeZone: string;
  rangeHours: number;
  recipients: string[];
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  dashboard: { title: string };
}

/** Read the dashboard's title with every schedule, so lists name what is reported. */
export const withDashboardTitle = { dashboard: { select: { title: true } } } as const;

export const toScheduleView = (row: ReportScheduleRow): z.infer<typeof reportScheduleView> => ({
  id: row.id,
  name: row.name,
  dashboardId: row.dashboardId,
  dashboardTitle: row.dashboard.title,
  layout: row.layout,
  frequency: row.frequency,
  dayOfWeek: row.dayOfWeek,
  timeOfDay: row.timeOfDay,
  timeZone: row.timeZone,
  rangeHours: row.rangeHours,
  recipients: row.recipients,
  enabled: row.enabled,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
