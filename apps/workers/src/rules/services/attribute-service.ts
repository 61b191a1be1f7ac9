import type { RedisClient } from "@industryos/runtime";
import type { AttributeValue, TelemetryStore } from "@industryos/db/telemetry";
import { pushSharedAttributes } from "@industryos/device-bus";
import { DeviceProtocolError, liveDeviceChannel, toKvValue, type KeyValue } from "@industryos/device-protocol";
import { PermanentError, type RuleServices } from "@industryos/rules";
import type { AttributeCache } from "./attribute-cache.ts";
import { isUuid } from "./entity-service.ts";

const ENTITY_TYPES = new Set(["DEVICE", "ASSET", "CUSTOMER", "TENANT"]);

/**
 * The cache's name for a read of `keys` of `scope`, made once per keys list (a node's configuration keeps
 * its list): joining the keys for every message showed in the rule engine's profile.
 */
const parts = new WeakMap<readonly string[], Map<string, string>>();
function partOf(scope: string, keys: readonly string[] | undefined): string {
  if (!keys) return `${scope}:*`;
  let byScope = parts.get(keys);
  if (!byScope) parts.set(keys, (byScope = new Map()));
  let part = byScope.get(scope);
  if (part === undefined) byScope.set(scope, (part = `${scope}:${keys.join("\n")}`));
  return part;
}

const valuesOf = (rows: readonly AttributeValue[]) => Object.fromEntries(rows.map((row) => [row.key, row.value.value]));

/**
 * Attributes through the telemetry store's attribute access (the `Attribute` table as the
 * application role: row-level security applies). A save is an upsert where an older value never
 * overwrites a newer one; SHARED attributes are then pushed to the device through device-bus,
 * and every save goes to the entity's live channel for dashboards, as the API's save does. No
 * ATTRIBUTES_UPDATED event is put back on the rule-engine streams: a chain saving attributes
 * would otherwise receive its own output. Reads go through `cache` (attribute-cache.ts), which a
 * save drops for the entity.
 */
export function createAttributeService(
  store: TelemetryStore,
  redis: RedisClient,
  cache: AttributeCache,
): RuleServices["attributes"] {
  return {
    async get(tenantId, entity, scope, keys) {
      if (!isUuid(entity.id) || keys?.length === 0) return {};
      const values = await cache.read(
        tenantId,
        entity.id,
        partOf(scope, keys),
        async () => valuesOf(await store.attributes.read(tenantId, entity.id, { scope, keys })),
        async (entityIds) => {
          const byEntity = await store.attributes.readMany(tenantId, entityIds, { scope, keys });
          return new Map([...byEntity].map(([id, rows]) => [id, valuesOf(rows)]));
        },
      );
      // A copy: the cached object is shared by every message that reads it.
      return { ...values };
    },
    async save(tenantId, entity, scope, values, ts) {
      if (!ENTITY_TYPES.has(entity.type)) throw new PermanentError(`A ${entity.type} has no attributes`);
      if (scope === "SHARED" && entity.type !== "DEVICE")
        throw new PermanentError("Only devices have SHARED attributes");
      let updated: KeyValue[];
      try {
        updated = Object.entries(values).map(([key, raw]) => ({ key, value: toKvValue(key, raw) }));
      } catch (error) {
        if (error instanceof DeviceProtocolError) throw new PermanentError(error.message, { cause: error });
        throw error;
      }
      if (updated.length === 0) return;
      await store.attributes.write(
        tenantId,
        updated.map((a) => ({
          entityType: entity.type as "DEVICE",
          entityId: entity.id,
          scope,
          key: a.key,
          value: a.value,
          lastUpdateTs: ts,
        })),
      );
      // After the write: a read that started meanwhile may have cached the old values.
      cache.forget(tenantId, entity.id);
      if (scope === "SHARED") await pushSharedAttributes(redis, entity.id, { updated });
      await redis.publish(
        liveDeviceChannel(tenantId, entity.id),
        JSON.stringify({
          type: "POST_ATTRIBUTES_REQUEST",
          tenantId,
          ...(entity.type === "DEVICE" ? { deviceId: entity.id } : { entityType: entity.type, entityId: entity.id }),
          receivedAt: ts,
          scope,
          attributes: updated.map((a) => ({ key: a.key, type: a.value.type, value: a.value.value })),
        }),
      );
    },
  };
}
