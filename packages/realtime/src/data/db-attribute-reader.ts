import type { DatabaseClients } from "@industryos/db";
import type { AttributeReader } from "./readers.ts";

interface AttributeRow {
  key: string;
  boolValue: boolean | null;
  longValue: bigint | null;
  doubleValue: number | null;
  stringValue: string | null;
  jsonValue: unknown;
  lastUpdateTs: Date;
}

/** The one typed column that is set, as the plain JSON value a widget shows. */
function valueOf(row: AttributeRow): unknown {
  if (row.boolValue !== null) return row.boolValue;
  if (row.longValue !== null) return Number(row.longValue);
  if (row.doubleValue !== null) return row.doubleValue;
  if (row.stringValue !== null) return row.stringValue;
  return row.jsonValue ?? null;
}

/** Attributes through the tenant's row-level-security client. */
export function createDbAttributeReader(db: Pick<DatabaseClients, "forTenant">): AttributeReader {
  return {
    async read(tenantId, deviceId, scope, keys) {
      const rows = await db.forTenant(tenantId).attribute.findMany({
        where: { entityId: deviceId, scope, ...(keys ? { key: { in: keys } } : {}) },
        orderBy: { key: "asc" },
      });
      return rows.map((row) => ({ key: row.key, value: valueOf(row), lastUpdateTs: row.lastUpdateTs.getTime() }));
    },
  };
}
