import type pg from "pg";
import type { DeviceProfileTransport, PayloadFormatSource } from "../core/payload-formats.ts";
import type { DeviceSession } from "../core/session.ts";

/** Many devices' profiles in one statement (each filtered by its own session's tenant). */
const DEVICE_PROFILES = `WITH d (tenant_id, device_id) AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
  SELECT dev.id::text AS "deviceId", p.id AS "profileId", p."transportConfig" AS "transportConfig"
    FROM d JOIN "Device" dev ON dev."tenantId" = d.tenant_id AND dev.id = d.device_id
    JOIN "DeviceProfile" p ON p."tenantId" = dev."tenantId" AND p.id = dev."deviceProfileId"`;

/** Devices' profiles and their transport settings, on the privileged pool filtered by each session's tenant. */
export class PgPayloadFormatSource implements PayloadFormatSource {
  constructor(private readonly systemPool: pg.Pool) {}

  async deviceProfiles(
    devices: Pick<DeviceSession, "tenantId" | "deviceId">[],
  ): Promise<Map<string, DeviceProfileTransport>> {
    const { rows } = await this.systemPool.query<DeviceProfileTransport & { deviceId: string }>({
      name: "ingest-device-profiles-transport",
      text: DEVICE_PROFILES,
      values: [devices.map((d) => d.tenantId), devices.map((d) => d.deviceId)],
    });
    const byId = new Map(rows.map(({ deviceId, ...found }) => [deviceId.toLowerCase(), found]));
    // Sessions carry the id as the database spelled it; answer under the caller's spelling.
    const answer = new Map<string, DeviceProfileTransport>();
    for (const d of devices) {
      const found = byId.get(d.deviceId.toLowerCase());
      if (found) answer.set(d.deviceId, found);
    }
    return answer;
  }
}
