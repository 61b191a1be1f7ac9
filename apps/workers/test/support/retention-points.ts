import type { TelemetryStore } from "@industryos/db/telemetry";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface TenantDevice {
  tenantId: string;
  deviceId: string;
}

/** The same points for each tenant's device: temperature 3 days, 36 hours and 1 hour old; debug_trace 36 hours and 1 hour. */
export async function writeRetentionPoints(store: TelemetryStore, tenants: TenantDevice[], now: number) {
  for (const t of tenants) {
    const point = (key: string, age: number, value: number) => ({
      entityId: t.deviceId,
      key,
      ts: now - age,
      value: { type: "DOUBLE" as const, value },
    });
    await store.writeForTenant(t.tenantId, [
      point("temperature", 3 * DAY, 1),
      point("temperature", 36 * HOUR, 2),
      point("temperature", HOUR, 3),
      point("debug_trace", 36 * HOUR, 4),
      point("debug_trace", HOUR, 5),
    ]);
  }
  await store.flushLatest();
}

/** Which values each key of the tenant's device still has, oldest first. */
export async function retainedValues(store: TelemetryStore, t: TenantDevice) {
  const points = await store.range(t.tenantId, t.deviceId, {
    keys: ["temperature", "debug_trace"],
    from: 0,
    to: Date.now() + 10 * DAY,
    order: "ASC",
  });
  return Object.fromEntries(Object.entries(points).map(([key, list]) => [key, list.map((p) => p.value.value)]));
}
