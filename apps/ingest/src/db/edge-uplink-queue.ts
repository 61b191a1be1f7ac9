import type { DeviceUplink } from "@industryos/device-protocol";
import type pg from "pg";
import type { UplinkStore } from "../core/ports.ts";

const QUEUE_TELEMETRY = `
INSERT INTO edge_uplink_queue (kind, tenant_id, body)
SELECT 'TELEMETRY', u.tenant_id, u.body
FROM unnest($1::uuid[], $2::jsonb[]) WITH ORDINALITY AS u(tenant_id, body, n)
ORDER BY u.n`;

/**
 * An edge's ingest (EDGE_CLOUD_URL set): what devices send is stored locally as everywhere, then queued for
 * the cloud, and only then does `write` resolve, so the device is acknowledged only once both are committed.
 * A crash between the two leaves the message unacknowledged: the device sends it again, the store's write is
 * idempotent, and the queue gets it then. (Attribute changes need nothing here: the edge's triggers on
 * "Attribute" queue them in the store's own transaction.)
 */
export class EdgeQueuedUplinkStore implements UplinkStore {
  constructor(
    private readonly local: UplinkStore,
    private readonly pool: pg.Pool,
  ) {}

  async write(uplinks: DeviceUplink[]): Promise<void> {
    await this.local.write(uplinks);
    const tenants: string[] = [];
    const bodies: string[] = [];
    for (const uplink of uplinks) {
      if (uplink.type !== "TELEMETRY" || uplink.points.length === 0) continue;
      tenants.push(uplink.tenantId);
      bodies.push(JSON.stringify({ entityId: uplink.deviceId, points: uplink.points }));
    }
    if (tenants.length > 0) await this.pool.query(QUEUE_TELEMETRY, [tenants, bodies]);
  }
}
