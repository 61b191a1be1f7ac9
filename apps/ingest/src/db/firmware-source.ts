import type { OtaKind } from "@industryos/device-protocol";
import { PgLargeObjectStore } from "@industryos/db/blobs";
import type pg from "pg";
import type { FirmwareSource, FirmwareTarget } from "../core/firmware-service.ts";
import type { DeviceSession } from "../core/session.ts";

/**
 * Targets and bytes from PostgreSQL, with the system role (ingest authenticates devices with it
 * too): the device's own package, else its profile's, always within the session's tenant.
 */
export class PgFirmwareSource implements FirmwareSource {
  private readonly blobs: PgLargeObjectStore;

  constructor(private readonly pool: pg.Pool) {
    this.blobs = new PgLargeObjectStore(pool);
  }

  async targetOf(session: DeviceSession, type: OtaKind): Promise<FirmwareTarget | null> {
    const column = type === "FIRMWARE" ? "firmwareId" : "softwareId";
    const result = await this.pool.query<FirmwareTarget>(
      `SELECT p.id AS "packageId", p.title, p.version, p.size, p."fileName", p."contentType", p."storageKey"
         FROM "Device" d
         JOIN "DeviceProfile" dp ON dp."tenantId" = d."tenantId" AND dp.id = d."deviceProfileId"
         JOIN "OtaPackage" p ON p."tenantId" = d."tenantId" AND p.id = COALESCE(d."${column}", dp."${column}")
        WHERE d."tenantId" = $1 AND d.id = $2`,
      [session.tenantId, session.deviceId],
    );
    return result.rows[0] ?? null;
  }

  read(storageKey: string, offset: number, length: number): Promise<Buffer> {
    return this.blobs.read(storageKey, offset, length);
  }
}
