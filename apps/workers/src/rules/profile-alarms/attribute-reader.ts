import { attributeValueOf, type DatabaseClients } from "@industryos/db";

/** The attribute values alarm rules read for one device. */
export interface AttributeSnapshot {
  /** The device's attribute: SERVER over SHARED over CLIENT (the backend's value is the one an admin set). */
  device(key: string): unknown;
  /** A threshold: the device's attribute, else its customer's SERVER attribute, else its tenant's. */
  inherited(key: string): unknown;
}

type Row = {
  entityId: string;
  scope: "CLIENT" | "SERVER" | "SHARED";
  key: string;
  boolValue: boolean | null;
  longValue: bigint | null;
  doubleValue: number | null;
  stringValue: string | null;
  jsonValue: unknown;
};

const SCOPE_RANK = { SERVER: 3, SHARED: 2, CLIENT: 1 } as const;
const MAX_ENTRIES = 100_000;

/**
 * Attributes of devices (and of their customer and tenant, for thresholds) from the Attribute
 * table, read under the tenant's row-level security, only the keys the profile's rules name, in
 * one query, cached per device for `ttlMs`. An attributes message of the device drops its entry
 * first (`forget`), so the rules see what that message just committed.
 */
export function createAttributeReader(db: DatabaseClients, ttlMs: number) {
  const cache = new Map<string, { expires: number; keys: string; snapshot: Promise<AttributeSnapshot> }>();

  async function load(
    tenantId: string,
    deviceId: string,
    customerId: string | null,
    keys: string[],
  ): Promise<AttributeSnapshot> {
    const owners = [deviceId, tenantId, ...(customerId ? [customerId] : [])];
    const rows = (await db.forTenant(tenantId).attribute.findMany({
      where: { entityId: { in: owners }, key: { in: keys } },
      select: {
        entityId: true,
        scope: true,
        key: true,
        boolValue: true,
        longValue: true,
        doubleValue: true,
        stringValue: true,
        jsonValue: true,
      },
    })) as Row[];
    const device = new Map<string, { rank: number; value: unknown }>();
    const customer = new Map<string, unknown>();
    const tenant = new Map<string, unknown>();
    for (const row of rows) {
      // A JSON null reads as no value, as a missing attribute does.
      const value = attributeValueOf(row) ?? undefined;
      if (row.entityId === deviceId) {
        const rank = SCOPE_RANK[row.scope];
        if ((device.get(row.key)?.rank ?? 0) < rank) device.set(row.key, { rank, value });
      } else if (row.scope === "SERVER") (row.entityId === tenantId ? tenant : customer).set(row.key, value);
    }
    return {
      device: (key) => device.get(key)?.value,
      inherited: (key) => device.get(key)?.value ?? customer.get(key) ?? tenant.get(key),
    };
  }

  return {
    get(tenantId: string, deviceId: string, customerId: string | null, keys: string[]): Promise<AttributeSnapshot> {
      const cacheKey = `${tenantId}/${deviceId}`;
      const wanted = [...keys].sort().join("\n");
      const now = Date.now();
      const hit = cache.get(cacheKey);
      if (hit && hit.expires > now && hit.keys === wanted) return hit.snapshot;
      if (cache.size >= MAX_ENTRIES) cache.clear();
      const snapshot = load(tenantId, deviceId, customerId, keys);
      cache.set(cacheKey, { expires: now + ttlMs, keys: wanted, snapshot });
      snapshot.catch(() => cache.delete(cacheKey));
      return snapshot;
    },
    forget(tenantId: string, deviceId: string) {
      cache.delete(`${tenantId}/${deviceId}`);
    },
  };
}

export type AttributeReader = ReturnType<typeof createAttributeReader>;
