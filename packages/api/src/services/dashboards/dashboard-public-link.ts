import { dashboardConfigSchema, EMPTY_DASHBOARD, type DashboardConfig } from "@industryos/dashboard-schema";
import type { SystemDb } from "../../deps.ts";
import { referencedIds } from "./referenced-ids.ts";

/**
 * What a public link may see, looked up before any tenant is known (privileged client): the
 * dashboard (read-only) and the data sources its widgets name. Null for an unknown or revoked id.
 * The WebSocket authenticator turns this into a principal limited to `allowedSources`.
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
    allowedSources: { ...referencedIds(shown), ...shownKeys(shown) },
  };
}

/** Keys the widgets show; none (meaning any) when an attributes widget shows all its keys. */
function shownKeys(config: DashboardConfig): { keys?: string[] } {
  const keys = new Set<string>();
  for (const w of config.widgets) {
    if (!("keys" in w)) continue;
    if (w.kind === "attributes" && w.keys.length === 0) return {};
    for (const k of w.keys) if (k.key) keys.add(k.key);
  }
  return { keys: [...keys] };
}
