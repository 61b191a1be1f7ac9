import { toAlarmView, type AlarmRow } from "@industryos/device-protocol/alarm-view";
import type { DatabaseClients, Prisma } from "@industryos/db";
import type { RealtimePrincipal } from "../auth/authenticator.ts";
import {
  ALARM_SEVERITIES,
  RealtimeError,
  type AlarmCounts,
  type AlarmInfo,
  type AlarmOriginator,
} from "../protocol/index.ts";

/**
 * What alarm subscriptions read from the database, with the visibility of the REST API: the
 * tenant's alarms (row-level security), a customer principal's only those of its customer.
 */
export interface AlarmReader {
  /** The originator's name; NOT_FOUND when the principal may not see it. */
  originator(principal: RealtimePrincipal, originator: AlarmOriginator): Promise<{ name: string | null }>;
  /** Active alarms, newest first, at most `limit`, of the originator (raised on it or propagated to it) or all visible. */
  active(principal: RealtimePrincipal, originatorId: string | null, limit: number): Promise<AlarmInfo[]>;
  /** These alarms as they are now (those still visible). */
  byIds(principal: RealtimePrincipal, ids: string[]): Promise<AlarmInfo[]>;
  counts(principal: RealtimePrincipal, originatorId: string | null): Promise<AlarmCounts>;
}

const notFound = (what: string) => new RealtimeError("NOT_FOUND", `${what} was not found`);

export function createDbAlarmReader(db: Pick<DatabaseClients, "forTenant">): AlarmReader {
  const visible = (principal: RealtimePrincipal): Prisma.AlarmWhereInput =>
    principal.customerId ? { customerId: principal.customerId } : {};
  const ofOriginator = (id: string | null): Prisma.AlarmWhereInput =>
    id ? { OR: [{ originatorId: id }, { propagations: { some: { entityId: id } } }] } : {};

  async function withNames(principal: RealtimePrincipal, rows: AlarmRow[]): Promise<AlarmInfo[]> {
    const tenantDb = db.forTenant(principal.tenantId);
    const idsOf = (type: string) => [
      ...new Set(rows.filter((r) => r.originatorType === type).map((r) => r.originatorId)),
    ];
    const names = new Map<string, string>();
    const [devices, assets, customers] = [idsOf("DEVICE"), idsOf("ASSET"), idsOf("CUSTOMER")];
    await Promise.all([
      devices.length &&
        tenantDb.device
          .findMany({ where: { id: { in: devices } }, select: { id: true, name: true } })
          .then((found) => found.forEach((d) => names.set(d.id, d.name))),
      assets.length &&
        tenantDb.asset
          .findMany({ where: { id: { in: assets } }, select: { id: true, name: true } })
          .then((found) => found.forEach((a) => names.set(a.id, a.name))),
      customers.length &&
        tenantDb.customer
          .findMany({ where: { id: { in: customers } }, select: { id: true, title: true } })
          .then((found) => found.forEach((c) => names.set(c.id, c.title))),
    ]);
    return rows.map((row) => toAlarmView(row, names.get(row.originatorId) ?? null));
  }

  return {
    async originator(principal, { type, id }) {
      const tenantDb = db.forTenant(principal.tenantId);
      const customer = principal.customerId ? { customerId: principal.customerId } : {};
      if (type === "DEVICE") {
        const row = await tenantDb.device.findFirst({ where: { id, ...customer }, select: { name: true } });
        if (!row) throw notFound(`Device ${id}`);
        return { name: row.name };
      }
      if (type === "ASSET") {
        const row = await tenantDb.asset.findFirst({ where: { id, ...customer }, select: { name: true } });
        if (!row) throw notFound(`Asset ${id}`);
        return { name: row.name };
      }
      if (type === "CUSTOMER") {
        if (principal.customerId && principal.customerId !== id) throw notFound(`Customer ${id}`);
        const row = await tenantDb.customer.findFirst({ where: { id }, select: { title: true } });
        if (!row) throw notFound(`Customer ${id}`);
        return { name: row.title };
      }
      // The tenant's own alarms: not a customer's to see.
      if (principal.customerId || id !== principal.tenantId) throw notFound(`Tenant ${id}`);
      return { name: null };
    },

    async active(principal, originatorId, limit) {
      const rows = await db.forTenant(principal.tenantId).alarm.findMany({
        where: { cleared: false, ...visible(principal), ...ofOriginator(originatorId) },
        orderBy: [{ startTs: "desc" }, { id: "asc" }],
        take: limit,
      });
      return withNames(principal, rows);
    },

    async byIds(principal, ids) {
      if (ids.length === 0) return [];
      const rows = await db.forTenant(principal.tenantId).alarm.findMany({
        where: { id: { in: ids }, ...visible(principal) },
      });
      return withNames(principal, rows);
    },

    async counts(principal, originatorId) {
      const groups = await db.forTenant(principal.tenantId).alarm.groupBy({
        by: ["severity", "acknowledged"],
        where: { cleared: false, ...visible(principal), ...ofOriginator(originatorId) },
        _count: { _all: true },
      });
      const counts: AlarmCounts = {
        total: 0,
        unacknowledged: 0,
        bySeverity: Object.fromEntries(ALARM_SEVERITIES.map((s) => [s, 0])) as AlarmCounts["bySeverity"],
      };
      for (const g of groups) {
        counts.total += g._count._all;
        counts.bySeverity[g.severity] += g._count._all;
        if (!g.acknowledged) counts.unacknowledged += g._count._all;
      }
      return counts;
    },
  };
}
