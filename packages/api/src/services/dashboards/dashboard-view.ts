import { dashboardConfigSchema, EMPTY_DASHBOARD, type DashboardConfig } from "@industryos/dashboard-schema";

interface DashboardRow {
  id: string;
  title: string;
  configuration: unknown;
  createdAt: Date;
  updatedAt: Date;
  customerLinks?: Array<{ customerId: string }>;
  publicId?: string | null;
}

export const toSummary = (d: DashboardRow) => ({
  id: d.id,
  title: d.title,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
  ...(d.customerLinks ? { customerIds: d.customerLinks.map((l) => l.customerId) } : {}),
  ...(d.publicId !== undefined ? { publicId: d.publicId } : {}),
});

/** A stored configuration that no longer parses (older format, hand edit) is shown empty rather than failing the page. */
function configurationOf(row: DashboardRow): DashboardConfig {
  const parsed = dashboardConfigSchema.safeParse(row.configuration);
  return parsed.success ? parsed.data : EMPTY_DASHBOARD;
}

export const toView = (row: DashboardRow) => ({ ...toSummary(row), configuration: configurationOf(row) });
