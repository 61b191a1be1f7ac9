import type pg from "pg";
import type { DeviceKeys, DeviceLimitsSource } from "../core/device-limits.ts";
import type { DeviceSession } from "../core/session.ts";

const TENANT_SETTINGS = `SELECT settings FROM "Tenant" WHERE id = $1`;

/**
 * Each device's telemetry keys (its series) and client-attribute keys, for many devices in one
 * statement: devices whose keys are read at once (after a restart, every device's first
 * message) share it.
 */
const DEVICE_KEYS = `WITH d (tenant_id, entity_id) AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
  SELECT s.entity_id::text AS "deviceId", true AS telemetry, k.key
    FROM d JOIN telemetry_series s ON s.tenant_id = d.tenant_id AND s.entity_id = d.entity_id
    JOIN telemetry_key k ON k.id = s.key_id
  UNION ALL
  SELECT a."entityId"::text, false, a.key
    FROM d JOIN "Attribute" a ON a."tenantId" = d.tenant_id AND a."entityId" = d.entity_id AND a.scope = 'CLIENT'`;

/** DeviceLimits' reads, on the privileged pool (one tenant's device at a time is known from its session). */
export class PgDeviceLimitsSource implements DeviceLimitsSource {
  constructor(private readonly systemPool: pg.Pool) {}

  async tenantSettings(tenantId: string): Promise<unknown> {
    const { rows } = await this.systemPool.query<{ settings: unknown }>({
      name: "ingest-tenant-settings",
      text: TENANT_SETTINGS,
      values: [tenantId],
    });
    return rows[0]?.settings ?? null;
  }

  async deviceKeys(devices: Pick<DeviceSession, "tenantId" | "deviceId">[]): Promise<Map<string, DeviceKeys>> {
    const { rows } = await this.systemPool.query<{ deviceId: string; telemetry: boolean; key: string }>({
      name: "ingest-device-keys",
      text: DEVICE_KEYS,
      values: [devices.map((d) => d.tenantId), devices.map((d) => d.deviceId)],
    });
    const byDevice = new Map<string, DeviceKeys>();
    for (const row of rows) {
      const id = row.deviceId.toLowerCase();
      let keys = byDevice.get(id);
      if (!keys) byDevice.set(id, (keys = { telemetry: [], attributes: [] }));
      (row.telemetry ? keys.telemetry : keys.attributes).push(row.key);
    }
    // Sessions carry the id as the database spelled it; answer under the caller's spelling.
    const answer = new Map<string, DeviceKeys>();
    for (const d of devices) {
      const keys = byDevice.get(d.deviceId.toLowerCase());
      if (keys) answer.set(d.deviceId, keys);
    }
    return answer;
  }
}
