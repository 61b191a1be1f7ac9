import { attributeValueOf, type DatabaseClients } from "@industryos/db";
import type { AttributeReader } from "./readers.ts";

/** Attributes through the tenant's row-level-security client. */
export function createDbAttributeReader(db: Pick<DatabaseClients, "forTenant">): AttributeReader {
  return {
    async read(tenantId, deviceId, scope, keys) {
      const rows = await db.forTenant(tenantId).attribute.findMany({
        where: { entityId: deviceId, scope, ...(keys ? { key: { in: keys } } : {}) },
        orderBy: { key: "asc" },
      });
      return rows.map((row) => ({
        key: row.key,
        value: attributeValueOf(row),
        lastUpdateTs: row.lastUpdateTs.getTime(),
      }));
    },
  };
}
