import type { DeviceUplink } from "@industryos/device-protocol";
import type { AttributeRow, EntityPoints, TelemetryStore } from "@industryos/db/telemetry";
import type { UplinkStore } from "../core/ports.ts";

/** The two batch writes of the db package's telemetry store that ingest uses (system path). */
export type BatchWriter = Pick<TelemetryStore, "writeGroups"> & {
  attributes: Pick<TelemetryStore["attributes"], "writeBatch">;
};

/**
 * Writes a batch of uplinks from many devices and tenants: all telemetry points in one
 * statement (the store inserts them and moves latest values forward, coalesced), all client
 * attributes in one upsert. Both are idempotent, so retrying a batch after a partial failure
 * never duplicates data.
 */
export class PgUplinkStore implements UplinkStore {
  constructor(private readonly store: BatchWriter) {}

  async write(uplinks: DeviceUplink[]): Promise<void> {
    const telemetry: EntityPoints[] = [];
    const attributes: AttributeRow[] = [];
    for (const uplink of uplinks) {
      if (uplink.type === "TELEMETRY") {
        telemetry.push({ tenantId: uplink.tenantId, entityId: uplink.deviceId, points: uplink.points });
      } else {
        for (const a of uplink.attributes) {
          attributes.push({
            tenantId: uplink.tenantId,
            entityType: "DEVICE",
            entityId: uplink.deviceId,
            scope: uplink.scope,
            key: a.key,
            value: a.value,
            lastUpdateTs: uplink.receivedAt,
          });
        }
      }
    }
    await Promise.all([this.store.writeGroups(telemetry), this.store.attributes.writeBatch(attributes)]);
  }
}
