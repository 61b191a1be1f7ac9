import type pg from "pg";
import type { DeviceUplink, KvValue } from "@industryos/device-protocol";
import type { UplinkStore } from "../core/ports.ts";
import { kvColumnArrays } from "./kv-columns.ts";

/** One telemetry data point with its tenant, as the telemetry store takes it. */
export interface TelemetryRow {
  tenantId: string;
  entityId: string;
  key: string;
  ts: number;
  value: KvValue;
}

export type TelemetryWriter = (rows: TelemetryRow[]) => Promise<void>;

interface AttributeRow {
  tenantId: string;
  entityId: string;
  scope: string;
  key: string;
  value: KvValue;
  ts: number;
}

/**
 * Writes a batch of uplinks: telemetry through the db package's telemetry store, client
 * attributes with one upsert. Both are idempotent (same point or attribute written twice is
 * one row), so retrying a batch after a partial failure never duplicates data.
 */
export class PgUplinkStore implements UplinkStore {
  constructor(
    private readonly systemPool: pg.Pool,
    private readonly writeTelemetry: TelemetryWriter,
  ) {}

  async write(uplinks: DeviceUplink[]): Promise<void> {
    const telemetry: TelemetryRow[] = [];
    // An upsert cannot touch one row twice: keep the newest value per attribute within the batch.
    const attributes = new Map<string, AttributeRow>();
    for (const uplink of uplinks) {
      if (uplink.type === "TELEMETRY") {
        for (const p of uplink.points) telemetry.push({ tenantId: uplink.tenantId, entityId: uplink.deviceId, key: p.key, ts: p.ts, value: p.value });
      } else {
        for (const a of uplink.attributes) {
          const id = `${uplink.tenantId}/${uplink.deviceId}/${uplink.scope}/${a.key}`;
          attributes.set(id, { tenantId: uplink.tenantId, entityId: uplink.deviceId, scope: uplink.scope, key: a.key, value: a.value, ts: uplink.receivedAt });
        }
      }
    }
    await Promise.all([telemetry.length > 0 ? this.writeTelemetry(telemetry) : undefined, this.upsertAttributes([...attributes.values()])]);
  }

  private async upsertAttributes(rows: AttributeRow[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = kvColumnArrays(rows.map((r) => r.value));
    await this.systemPool.query(
      `INSERT INTO "Attribute" ("tenantId", "entityType", "entityId", "scope", "key",
                                "boolValue", "longValue", "doubleValue", "stringValue", "jsonValue", "lastUpdateTs")
       SELECT u.tenant_id, 'DEVICE', u.entity_id, u.scope::"AttributeScope", u.key, u.b, u.l, u.d, u.s, u.j, u.ts
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::bigint[], $7::float8[], $8::text[], $9::jsonb[], $10::timestamptz[])
         AS u(tenant_id, entity_id, scope, key, b, l, d, s, j, ts)
       ON CONFLICT ("tenantId", "entityId", "scope", "key") DO UPDATE SET
         "boolValue" = EXCLUDED."boolValue", "longValue" = EXCLUDED."longValue", "doubleValue" = EXCLUDED."doubleValue",
         "stringValue" = EXCLUDED."stringValue", "jsonValue" = EXCLUDED."jsonValue", "lastUpdateTs" = EXCLUDED."lastUpdateTs"
       WHERE "Attribute"."lastUpdateTs" <= EXCLUDED."lastUpdateTs"`,
      [
        rows.map((r) => r.tenantId),
        rows.map((r) => r.entityId),
        rows.map((r) => r.scope),
        rows.map((r) => r.key),
        columns.bool,
        columns.long,
        columns.double,
        columns.string,
        columns.json,
        rows.map((r) => new Date(r.ts).toISOString()),
      ],
    );
  }
}
