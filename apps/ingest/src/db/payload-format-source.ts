import type pg from "pg";
import type { DeviceProfileTransport, PayloadFormatSource } from "../core/payload-formats.ts";
import type { DeviceSession } from "../core/session.ts";

const DEVICE_PROFILE = `SELECT p.id AS "profileId", p."transportConfig" AS "transportConfig"
  FROM "Device" d JOIN "DeviceProfile" p ON p."tenantId" = d."tenantId" AND p.id = d."deviceProfileId"
  WHERE d."tenantId" = $1 AND d.id = $2`;

/** A device's profile and its transport settings, on the privileged pool filtered by the session's tenant. */
export class PgPayloadFormatSource implements PayloadFormatSource {
  constructor(private readonly systemPool: pg.Pool) {}

  async deviceProfile(device: Pick<DeviceSession, "tenantId" | "deviceId">): Promise<DeviceProfileTransport | null> {
    const { rows } = await this.systemPool.query<DeviceProfileTransport>({
      name: "ingest-device-profile-transport",
      text: DEVICE_PROFILE,
      values: [device.tenantId, device.deviceId],
    });
    return rows[0] ?? null;
  }
}
