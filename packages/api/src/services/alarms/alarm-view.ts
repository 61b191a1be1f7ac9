import type { AlarmContext } from "./alarm-context.ts";
import type { AlarmSeverity, AlarmStatus, AlarmView } from "./schemas.ts";

export interface AlarmRow {
  id: string;
  type: string;
  severity: AlarmSeverity;
  acknowledged: boolean;
  cleared: boolean;
  originatorType: string;
  originatorId: string;
  customerId: string | null;
  startTs: Date;
  endTs: Date;
  ackTs: Date | null;
  clearTs: Date | null;
  assignTs: Date | null;
  assigneeId: string | null;
  details: unknown;
  propagate: boolean;
  propagateToOwner: boolean;
  propagateToTenant: boolean;
  propagateRelationTypes: string[];
}

export function statusOf(alarm: { acknowledged: boolean; cleared: boolean }): AlarmStatus {
  return `${alarm.cleared ? "CLEARED" : "ACTIVE"}_${alarm.acknowledged ? "ACK" : "UNACK"}`;
}

/** The `where` of the alarms in the given statuses. */
export function statusWhere(statuses: readonly AlarmStatus[]) {
  return statuses.map((s) => ({ cleared: s.startsWith("CLEARED"), acknowledged: s.endsWith("_ACK") }));
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

export function toAlarmView(row: AlarmRow, originatorName: string | null): AlarmView {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    status: statusOf(row),
    acknowledged: row.acknowledged,
    cleared: row.cleared,
    originatorType: row.originatorType,
    originatorId: row.originatorId,
    originatorName,
    customerId: row.customerId,
    startTs: row.startTs.getTime(),
    endTs: row.endTs.getTime(),
    ackTs: ms(row.ackTs),
    clearTs: ms(row.clearTs),
    assignTs: ms(row.assignTs),
    assigneeId: row.assigneeId,
    details: row.details ?? null,
    propagate: row.propagate,
    propagateToOwner: row.propagateToOwner,
    propagateToTenant: row.propagateToTenant,
    propagateRelationTypes: row.propagateRelationTypes,
  };
}

/** The names of the alarms' originators, a query per entity type present (at most four). */
export async function originatorNames(
  ctx: AlarmContext,
  rows: readonly { originatorType: string; originatorId: string }[],
): Promise<Map<string, string>> {
  const idsOf = (type: string) => [
    ...new Set(rows.filter((r) => r.originatorType === type).map((r) => r.originatorId)),
  ];
  const names = new Map<string, string>();
  const devices = idsOf("DEVICE");
  const assets = idsOf("ASSET");
  const customers = idsOf("CUSTOMER");
  await Promise.all([
    devices.length &&
      ctx.db.device
        .findMany({ where: { id: { in: devices } }, select: { id: true, name: true } })
        .then((found) => found.forEach((d) => names.set(d.id, d.name))),
    assets.length &&
      ctx.db.asset
        .findMany({ where: { id: { in: assets } }, select: { id: true, name: true } })
        .then((found) => found.forEach((a) => names.set(a.id, a.name))),
    customers.length &&
      ctx.db.customer
        .findMany({ where: { id: { in: customers } }, select: { id: true, title: true } })
        .then((found) => found.forEach((c) => names.set(c.id, c.title))),
    idsOf("TENANT").length &&
      ctx.deps.db.system.tenant
        .findUnique({ where: { id: ctx.tenantId }, select: { id: true, name: true } })
        .then((t) => t && names.set(t.id, t.name)),
  ]);
  return names;
}

export async function toAlarmViews(ctx: AlarmContext, rows: readonly AlarmRow[]): Promise<AlarmView[]> {
  const names = await originatorNames(ctx, rows);
  return rows.map((row) => toAlarmView(row, names.get(row.originatorId) ?? null));
}
