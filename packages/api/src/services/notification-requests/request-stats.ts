import type { TenantClient } from "@industryos/db";

export interface RequestStats {
  total: number;
  byStatus: Record<string, number>;
  byChannel: Record<string, Record<string, number>>;
}

/**
 * The request's deliveries counted by status, and by channel and status: what the log shows beside it (the
 * workers write it as a request goes out, the inbox when a read in-app notification becomes DELIVERED).
 */
export async function countDeliveries(db: TenantClient, requestId: string): Promise<RequestStats> {
  const groups = await db.notificationDelivery.groupBy({
    by: ["channel", "status"],
    where: { requestId },
    _count: { _all: true },
  });
  const stats: RequestStats = { total: 0, byStatus: {}, byChannel: {} };
  for (const group of groups) {
    const n = group._count._all;
    stats.total += n;
    stats.byStatus[group.status] = (stats.byStatus[group.status] ?? 0) + n;
    (stats.byChannel[group.channel] ??= {})[group.status] = n;
  }
  return stats;
}
