import type { DatabaseClients } from "@industryos/db";
import type { RealtimePrincipal } from "../auth/authenticator.ts";
import { createDbAlarmReader, type AlarmReader } from "../data/alarm-reader.ts";
import { createDbNotificationReader, type NotificationReader } from "../data/notification-reader.ts";
import { RealtimeError, type EntityQuery, type EntityRef, type ResolvedEntity } from "../protocol/index.ts";

/** Turns a command's data source into the devices the caller may see. */
export interface EntityDirectory {
  /**
   * Throws NOT_FOUND when the entity (or the query's profile/asset) is not visible to the
   * principal, LIMIT_EXCEEDED when a query matches more than `maxEntities` devices. (What a public
   * link may read is checked before, by `assertPublicAccess`.)
   */
  resolve(
    principal: RealtimePrincipal,
    source: { entity?: EntityRef; query?: EntityQuery; keys?: string[] },
    maxEntities: number,
  ): Promise<ResolvedEntity[]>;
  /** Alarms of the same database, for alarm subscriptions when the server is given no reader of its own. */
  alarms?: AlarmReader;
  /** Users' inboxes of the same database, for `subscribeNotifications` when the server is given no reader of its own. */
  notifications?: NotificationReader;
}

const notFound = (what: string) => new RealtimeError("NOT_FOUND", `${what} was not found`);

/**
 * Reads through the tenant's row-level-security client, so another tenant's ids simply do not
 * exist; a customer principal additionally sees only its own devices and assets.
 */
export function createDbEntityDirectory(db: Pick<DatabaseClients, "forTenant">): EntityDirectory {
  return {
    alarms: createDbAlarmReader(db),
    notifications: createDbNotificationReader(db),
    async resolve(principal, source, maxEntities) {
      const tenantDb = db.forTenant(principal.tenantId);
      const customer = principal.customerId ? { customerId: principal.customerId } : {};
      const toResolved = (rows: Array<{ id: string; name: string }>): ResolvedEntity[] =>
        rows.map((row) => ({ type: "DEVICE", id: row.id, name: row.name }));
      const capped = (rows: Array<{ id: string; name: string }>) => {
        if (rows.length > maxEntities) {
          throw new RealtimeError("LIMIT_EXCEEDED", `The query matches more than ${maxEntities} devices`, {
            limit: "entitiesPerSubscription",
            max: maxEntities,
          });
        }
        return toResolved(rows);
      };

      if (source.entity) {
        const device = await tenantDb.device.findFirst({
          where: { id: source.entity.id, ...customer },
          select: { id: true, name: true },
        });
        if (!device) throw notFound(`Device ${source.entity.id}`);
        return toResolved([device]);
      }
      const query = source.query;
      if (!query) throw new RealtimeError("BAD_COMMAND", "give exactly one of `entity` or `query`");

      if (query.type === "devicesOfProfile") {
        const profile = await tenantDb.deviceProfile.findFirst({
          where: { id: query.deviceProfileId },
          select: { id: true },
        });
        if (!profile) throw notFound(`Device profile ${query.deviceProfileId}`);
        const devices = await tenantDb.device.findMany({
          where: { deviceProfileId: query.deviceProfileId, ...customer },
          select: { id: true, name: true },
          orderBy: { name: "asc" },
          take: maxEntities + 1,
        });
        return capped(devices);
      }

      const asset = await tenantDb.asset.findFirst({ where: { id: query.assetId, ...customer }, select: { id: true } });
      if (!asset) throw notFound(`Asset ${query.assetId}`);
      const relations = await tenantDb.entityRelation.findMany({
        where: { fromId: query.assetId, toType: "DEVICE", ...(query.relationType ? { type: query.relationType } : {}) },
        select: { toId: true },
        take: maxEntities + 1,
      });
      const devices = await tenantDb.device.findMany({
        where: { id: { in: relations.map((r) => r.toId) }, ...customer },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      });
      return capped(devices);
    },
  };
}
