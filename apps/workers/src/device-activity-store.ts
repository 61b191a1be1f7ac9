import type { DatabaseClients } from "@industryos/db";
import type { DeviceActivityStore } from "./temporal/activities.ts";

/**
 * The inactivity check against the database, under the tenant's row-level security. Like
 * ThingsBoard, a device's `active` state is a SERVER attribute, so dashboards and rules read
 * it the same way as any other attribute.
 */
export function createDeviceActivityStore(db: Pick<DatabaseClients, "forTenant">): DeviceActivityStore {
  return {
    async markInactiveIfIdleSince({ tenantId, deviceId, since }) {
      return db.forTenant(tenantId).$transaction(async (tx) => {
        const device = await tx.device.findUnique({ where: { id: deviceId }, select: { lastActivityAt: true } });
        if (!device) return { markedInactive: false, lastSeenAt: null };
        const lastSeenAt = device.lastActivityAt;
        if (lastSeenAt && lastSeenAt >= since) return { markedInactive: false, lastSeenAt };
        await tx.attribute.upsert({
          where: { tenantId_entityId_scope_key: { tenantId, entityId: deviceId, scope: "SERVER", key: "active" } },
          create: {
            tenantId,
            entityType: "DEVICE",
            entityId: deviceId,
            scope: "SERVER",
            key: "active",
            boolValue: false,
          },
          update: { boolValue: false, lastUpdateTs: new Date() },
        });
        return { markedInactive: true, lastSeenAt };
      });
    },
  };
}
