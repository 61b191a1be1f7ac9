import type { z } from "zod";
import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { originatorWhere } from "./list-alarms.ts";
import { ALARM_SEVERITIES, type AlarmSeverity, type alarmCountsInput } from "./schemas.ts";

interface Counts {
  total: number;
  unacknowledged: number;
  bySeverity: Record<AlarmSeverity, number>;
}

const emptyCounts = (): Counts => ({
  total: 0,
  unacknowledged: 0,
  bySeverity: Object.fromEntries(ALARM_SEVERITIES.map((s) => [s, 0])) as Record<AlarmSeverity, number>,
});

function count(counts: Counts, severity: AlarmSeverity, acknowledged: boolean, n = 1) {
  counts.total += n;
  counts.bySeverity[severity] += n;
  if (!acknowledged) counts.unacknowledged += n;
}

/**
 * Active (uncleared) alarms by severity, of the caller's tenant (a customer user's: its
 * customer's); with `originatorId`, of those entities (raised on them or propagated to them),
 * together and each on its own: the console's device rows and the dashboard alarm widget.
 */
export async function alarmCounts(ctx: TenantContext, input: z.infer<typeof alarmCountsInput>) {
  const visible = { cleared: false, ...customerFilter(ctx.actor) };
  const ids = input.originatorId ?? [];
  if (ids.length === 0) {
    const groups = await ctx.db.alarm.groupBy({
      by: ["severity", "acknowledged"],
      where: visible,
      _count: { _all: true },
    });
    const counts = emptyCounts();
    for (const g of groups) count(counts, g.severity, g.acknowledged, g._count._all);
    return counts;
  }
  const rows = await ctx.db.alarm.findMany({
    where: { ...visible, ...originatorWhere(ids) },
    select: {
      severity: true,
      acknowledged: true,
      originatorId: true,
      propagations: { where: { entityId: { in: ids } }, select: { entityId: true } },
    },
  });
  const counts = emptyCounts();
  const byOriginator: Record<string, Counts> = Object.fromEntries(ids.map((id) => [id, emptyCounts()]));
  for (const row of rows) {
    count(counts, row.severity, row.acknowledged);
    const entities = new Set([row.originatorId, ...row.propagations.map((p) => p.entityId)]);
    for (const id of entities) if (byOriginator[id]) count(byOriginator[id], row.severity, row.acknowledged);
  }
  return { ...counts, byOriginator };
}
