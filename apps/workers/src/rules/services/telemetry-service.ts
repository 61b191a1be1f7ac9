import { BatchValidationError, type TelemetryStore } from "@industryos/db/telemetry";
import type { UplinkPublisher } from "@industryos/device-bus";
import {
  DeviceProtocolError,
  toKvValue,
  type CommittedMessage,
  type TelemetryPoint,
} from "@industryos/device-protocol";
import { PermanentError, type RuleServices } from "@industryos/rules";

const ENTITY_TYPES = ["ASSET", "CUSTOMER", "TENANT"] as const;

/**
 * `action.saveTimeseries`: the values are typed as a device's would be (device-protocol's
 * `toKvValue`), stored in the telemetry store under the tenant (row-level security), then
 * published for live dashboards through device-bus's uplink publisher. `live` must be a
 * publisher that does not append to the rule-engine streams: a chain saving telemetry would
 * otherwise receive its own output as new telemetry, forever. `latest` reads the store's latest
 * values under the tenant (what `enrich.delta` and enrichment nodes compare with).
 */
export function createTelemetryService(store: TelemetryStore, live: UplinkPublisher): RuleServices["telemetry"] {
  return {
    async save(tenantId, originator, ts, values) {
      let points: TelemetryPoint[];
      try {
        points = Object.entries(values).map(([key, raw]) => ({ ts, key, value: toKvValue(key, raw) }));
      } catch (error) {
        if (error instanceof DeviceProtocolError) throw new PermanentError(error.message, { cause: error });
        throw error;
      }
      if (points.length === 0) return;
      try {
        await store.writeForTenant(
          tenantId,
          points.map((p) => ({ entityId: originator.id, key: p.key, ts: p.ts, value: p.value })),
        );
      } catch (error) {
        // The store's word on a point it cannot take (a time a day in the future, say): no retry helps.
        if (error instanceof BatchValidationError) throw new PermanentError(error.message, { cause: error });
        throw error;
      }
      const common = {
        type: "TELEMETRY",
        tenantId,
        receivedAt: Date.now(),
        points,
        data: JSON.stringify(values),
      } as const;
      let message: CommittedMessage | null = null;
      if (originator.type === "DEVICE") message = { ...common, deviceId: originator.id };
      else if ((ENTITY_TYPES as readonly string[]).includes(originator.type))
        message = { ...common, entityType: originator.type as (typeof ENTITY_TYPES)[number], entityId: originator.id };
      if (message) await live([message]);
    },
    async latest(tenantId, entity, keys) {
      if (keys?.length === 0) return {};
      const points = await store.latest(tenantId, entity.id, keys);
      return Object.fromEntries(Object.entries(points).map(([key, p]) => [key, { ts: p.ts, value: p.value.value }]));
    },
  };
}
