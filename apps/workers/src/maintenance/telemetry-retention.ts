import { cappedRetention, limitsOf, retentionDaysOfKey, retentionOf, type TenantRetention } from "@industryos/api";
import { Prisma, type DatabaseClients } from "@industryos/db";
import type { TelemetryStore } from "@industryos/db/telemetry";

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the maintenance needs: the database, the telemetry store and the platform's retention. */
export interface TelemetryMaintenanceDeps {
  db: DatabaseClients;
  store: Pick<TelemetryStore, "maintain" | "keys" | "deleteRange">;
  /** TELEMETRY_RETENTION_DAYS: the platform's limit, for every tenant. */
  retentionDays: number;
}

/** The platform's retention and the coming days' partitions (telemetry_maintain). */
export function maintainPlatform(deps: TelemetryMaintenanceDeps) {
  return deps.store.maintain({ retentionDays: deps.retentionDays });
}

/**
 * Tenants whose settings hold a retention of their own or a system administrator's limit (`limits.maxRetentionDays`);
 * the others only get the platform's.
 */
export async function tenantsWithRetention(deps: TelemetryMaintenanceDeps): Promise<string[]> {
  const tenants = await deps.db.system.tenant.findMany({
    where: {
      OR: [
        { settings: { path: ["retention"], not: Prisma.AnyNull } },
        { settings: { path: ["limits", "maxRetentionDays"], not: Prisma.AnyNull } },
      ],
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return tenants.map((t) => t.id);
}

/** Every entity of the tenant that can have telemetry: devices, assets, customers and the tenant itself. */
async function entitiesOf(deps: TelemetryMaintenanceDeps, tenantId: string): Promise<string[]> {
  const db = deps.db.forTenant(tenantId);
  const [devices, assets, customers] = await Promise.all([
    db.device.findMany({ select: { id: true } }),
    db.asset.findMany({ select: { id: true } }),
    db.customer.findMany({ select: { id: true } }),
  ]);
  return [tenantId, ...devices.map((d) => d.id), ...assets.map((a) => a.id), ...customers.map((c) => c.id)];
}

/** The entity's keys grouped by how many days they are kept (keys kept as long as the platform keeps are left out). */
function keysByDays(retention: TenantRetention, keys: string[], platformDays: number): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const key of keys) {
    const days = retentionDaysOfKey(retention, key);
    if (days === null || days >= platformDays) continue;
    groups.set(days, [...(groups.get(days) ?? []), key]);
  }
  return groups;
}

/**
 * Deletes the tenant's points older than its retention, entity by entity and key group by key group, through the
 * store's deleteRange (the tenant's own series only, under its row-level setting; on plain PostgreSQL points leave
 * their message rows, on TimescaleDB rows go, compressed chunks included). The platform's retention drops whole
 * partitions or chunks for everyone; this is the part a tenant chose shorter. Runs again harmlessly.
 */
export async function applyTenantRetention(
  deps: TelemetryMaintenanceDeps,
  tenantId: string,
  now: number,
  onEntity: () => void = () => {},
): Promise<number> {
  const tenant = await deps.db.system.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } });
  if (!tenant) return 0;
  // Within the tenant's limit: one lowered after the tenant chose more days cuts them, and a tenant that chose none
  // keeps the limit's days.
  const retention = cappedRetention(retentionOf(tenant.settings), limitsOf(tenant.settings).maxRetentionDays);
  let deleted = 0;
  for (const entityId of await entitiesOf(deps, tenantId)) {
    const keys = await deps.store.keys(tenantId, entityId);
    for (const [days, group] of keysByDays(retention, keys, deps.retentionDays)) {
      deleted += await deps.store.deleteRange(tenantId, entityId, { keys: group, from: 0, to: now - days * DAY_MS });
    }
    onEntity();
  }
  return deleted;
}
