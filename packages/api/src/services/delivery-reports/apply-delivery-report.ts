import type { TenantDb } from "../../deps.ts";
import { countDeliveries } from "../notification-requests/request-stats.ts";

/** What a provider's delivery report says of one message, in our statuses. */
export interface DeliveryReport {
  status: "DELIVERED" | "FAILED";
  /** Why it failed (the provider's code and message); null when delivered. */
  reason: string | null;
  /** The provider's report as received, kept beside its answer to the send. */
  report: Record<string, unknown>;
}

/**
 * A delivery report applied to the tenant's delivery `where` finds: only a SENT delivery moves (to DELIVERED
 * or FAILED), so a repeated, late or out-of-order report never moves one back; the request's counts follow.
 * False when no such delivery exists in this tenant (RLS keeps other tenants' rows out of reach).
 */
export async function applyDeliveryReport(
  db: TenantDb,
  where: { id: string; channel: "SMS" | "EMAIL" } | { channel: "EMAIL"; providerEmailId: string },
  report: DeliveryReport,
): Promise<boolean> {
  const delivery = await db.notificationDelivery.findFirst({
    where:
      "id" in where
        ? { id: where.id, channel: where.channel }
        : { channel: "EMAIL", providerEmailId: where.providerEmailId },
    select: { id: true, requestId: true, status: true, providerResponse: true },
  });
  if (!delivery) return false;
  if (delivery.status !== "SENT") return true;
  const answer = (delivery.providerResponse ?? {}) as Record<string, unknown>;
  const { count } = await db.notificationDelivery.updateMany({
    where: { id: delivery.id, status: "SENT" },
    data: {
      status: report.status,
      ...(report.reason ? { error: report.reason } : {}),
      providerResponse: { ...answer, deliveryReport: report.report } as never,
    },
  });
  if (count > 0)
    await db.notificationRequest.updateMany({
      where: { id: delivery.requestId },
      data: { stats: (await countDeliveries(db, delivery.requestId)) as never },
    });
  return true;
}
