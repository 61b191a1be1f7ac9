import { dashboardConfigSchema, EMPTY_DASHBOARD } from "@industryos/dashboard-schema";
import { publicDashboardGrants } from "../../auth/public-dashboard-grants.ts";
import type { SystemDb } from "../../deps.ts";

/**
 * What a public link may see, looked up before any tenant is known (privileged client): the
 * dashboard (read-only) and the data sources its widgets name. Null for an unknown or revoked id.
 * The WebSocket authenticator turns this into a principal limited to `allowedSources`: exactly
 * the subscriptions its widgets make (sources, scopes, keys and the dashboard's time window).
 */
export async function resolvePublicDashboard(system: SystemDb, publicId: string) {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(publicId)) return null;
  const row = await system.dashboard.findUnique({
    where: { publicId },
    select: { id: true, tenantId: true, title: true, configuration: true },
  });
  if (!row) return null;
  const parsed = dashboardConfigSchema.safeParse(row.configuration);
  const configuration = parsed.success ? parsed.data : EMPTY_DASHBOARD;
  // RPC controls never work from a public link: drop them from what the visitor receives.
  const shown = { ...configuration, widgets: configuration.widgets.filter((w) => w.kind !== "rpc") };
  shown.layout = shown.layout.filter((p) => shown.widgets.some((w) => w.id === p.i));
  return {
    tenantId: row.tenantId,
    dashboard: { id: row.id, title: row.title, configuration: shown },
    allowedSources: publicDashboardGrants(shown),
  };
}
