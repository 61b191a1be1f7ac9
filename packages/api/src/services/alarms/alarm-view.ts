import type { AlarmContext } from "./alarm-context.ts";
import type { AlarmStatus } from "./schemas.ts";

import { toAlarmView, type AlarmRow, type AlarmView } from "@industryos/device-protocol/alarm-view";

export { alarmStatusOf as statusOf, toAlarmView, type AlarmRow } from "@industryos/device-protocol/alarm-view";

/** The `where` of the alarms in the given statuses. */
export function statusWhere(statuses: readonly AlarmStatus[]) {
  return statuses.map((s) => ({ cleared: s.startsWith("CLEARED"), acknowledged: s.endsWith("_ACK") }));
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
