import { randomBytes } from "node:crypto";
import type { SystemDb } from "../../deps.ts";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { dashboardConfigSchema, EMPTY_DASHBOARD, type DashboardConfig } from "@industryos/dashboard-schema";
import { referencedIds } from "./referenced-ids.ts";
import { assertCanEdit, getDashboard } from "./dashboards.ts";

/** 32 url-safe characters from 24 random bytes (192 bits): unguessable. */
function newPublicId(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * Makes the dashboard public (a new link, or the current one when it already is) or revokes
 * the link (`enabled: false`): a revoked id never works again, a new one is issued next time.
 */
export async function setDashboardPublic(ctx: TenantContext, id: string, enabled: boolean) {
  assertCanEdit(ctx);
  const dashboard = await getDashboard(ctx, id);
  const current = await ctx.db.dashboard.findUnique({ where: { id }, select: { publicId: true } });
  const publicId = enabled ? (current?.publicId ?? newPublicId()) : null;
  await ctx.db.dashboard.update({ where: { id }, data: { publicId } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: enabled ? "MADE_PUBLIC" : "MADE_PRIVATE",
    entityType: "DASHBOARD",
    entityId: id,
    entityName: dashboard.title,
  });
  return { publicId };
}

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

/** The public REST view of a link: the dashboard only (no tenant id). */
export async function getPublicDashboard(system: SystemDb, publicId: string) {
  const resolved = await resolvePublicDashboard(system, publicId);
  if (!resolved) throw notFound("Dashboard");
  return resolved.dashboard;
}
