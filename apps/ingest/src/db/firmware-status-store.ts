import type pg from "pg";
import type { FirmwareStatusReport, FirmwareStatusStore } from "../core/firmware-status.ts";
import type { DeviceSession } from "../core/session.ts";

/**
 * Keeps each device's last reported OTA state in `DeviceOtaStatus` (one row per device and
 * type). A key the message did not carry keeps its value; a state other than FAILED clears the
 * last error. Campaigns read their devices' progress from these rows.
 */
export class PgFirmwareStatusStore implements FirmwareStatusStore {
  constructor(private readonly pool: pg.Pool) {}

  async record(session: DeviceSession, reports: FirmwareStatusReport[]): Promise<void> {
    for (const r of reports) {
      await this.pool.query(
        `INSERT INTO "DeviceOtaStatus" ("tenantId", "deviceId", type, state, "currentTitle", "currentVersion", error, "updatedAt")
         VALUES ($1, $2, $3::"OtaPackageType", $4, $5, $6, $7, now())
         ON CONFLICT ("deviceId", type) DO UPDATE SET
           state = COALESCE(EXCLUDED.state, "DeviceOtaStatus".state),
           "currentTitle" = COALESCE(EXCLUDED."currentTitle", "DeviceOtaStatus"."currentTitle"),
           "currentVersion" = COALESCE(EXCLUDED."currentVersion", "DeviceOtaStatus"."currentVersion"),
           error = CASE
             WHEN EXCLUDED.error IS NOT NULL THEN EXCLUDED.error
             WHEN EXCLUDED.state IS NOT NULL AND EXCLUDED.state <> 'FAILED' THEN NULL
             ELSE "DeviceOtaStatus".error END,
           "updatedAt" = now()`,
        [
          session.tenantId,
          session.deviceId,
          r.type,
          r.state ?? null,
          r.currentTitle ?? null,
          r.currentVersion ?? null,
          r.error ?? null,
        ],
      );
    }
  }
}
