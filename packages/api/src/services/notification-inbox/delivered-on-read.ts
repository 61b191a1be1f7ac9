import type { TenantDb } from "../../deps.ts";
import { countDeliveries } from "../notification-requests/request-stats.ts";

/**
 * A read in-app notification was delivered: the reader's IN_APP deliveries of those requests go from SENT to
 * DELIVERED (email and SMS stay SENT: only their providers can say more), and each request's counts follow.
 */
export async function markInAppDelivered(db: TenantDb, userId: string, requestIds: readonly (string | null)[]) {
  const ids = [...new Set(requestIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return;
  const { count } = await db.notificationDelivery.updateMany({
    where: { channel: "IN_APP", userId, requestId: { in: ids }, status: "SENT" },
    data: { status: "DELIVERED" },
  });
  if (count === 0) return;
  for (const requestId of ids)
    await db.notificationRequest.updateMany({
      where: { id: requestId },
      data: { stats: (await countDeliveries(db, requestId)) as never },
    });
}
