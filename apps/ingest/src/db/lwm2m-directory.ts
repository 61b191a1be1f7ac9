import type pg from "pg";
import type { Lwm2mDirectory } from "../lwm2m/directory.ts";
import type { DeviceSession } from "../core/session.ts";

const FIND_ENDPOINT = `SELECT d.id AS "deviceId", d."tenantId", d.name AS "deviceName", d.type AS "deviceType", d."isGateway"
  FROM "DeviceCredential" c JOIN "Device" d ON d."tenantId" = c."tenantId" AND d.id = c."deviceId"
  WHERE c."credentialsId" = $1 AND c.type = 'LWM2M'::"DeviceCredentialType"`;

const PROFILE_CONFIG = `SELECT p."transportConfig" -> 'lwm2m' AS lwm2m
  FROM "Device" d JOIN "DeviceProfile" p ON p."tenantId" = d."tenantId" AND p.id = d."deviceProfileId"
  WHERE d."tenantId" = $1 AND d.id = $2`;

// Oldest first: of two versions of one object, the one uploaded last is used.
const UPLOADED_MODELS = `SELECT id, "ddfXml" AS xml FROM "Lwm2mObjectModel" WHERE "tenantId" = $1 ORDER BY "createdAt", id`;

const FIRMWARE_STATUS = `SELECT "targetPackageId", state FROM "DeviceOtaStatus"
  WHERE "tenantId" = $1 AND "deviceId" = $2 AND type = 'FIRMWARE'::"OtaPackageType"`;

/** LwM2M endpoint lookups on the privileged pool: the tenant is known only once the endpoint is found. */
export class PgLwm2mDirectory implements Lwm2mDirectory {
  constructor(private readonly systemPool: pg.Pool) {}

  async findEndpoint(endpoint: string): Promise<DeviceSession | null> {
    // PostgreSQL text cannot hold NUL; such a name is simply unknown.
    if (endpoint.includes("\u0000")) return null;
    const { rows } = await this.systemPool.query<DeviceSession>({
      name: "ingest-find-lwm2m-endpoint",
      text: FIND_ENDPOINT,
      values: [endpoint],
    });
    return rows[0] ?? null;
  }

  async profileConfig(session: DeviceSession): Promise<unknown> {
    const { rows } = await this.systemPool.query<{ lwm2m: unknown }>(PROFILE_CONFIG, [
      session.tenantId,
      session.deviceId,
    ]);
    return rows[0]?.lwm2m ?? null;
  }

  async uploadedModels(session: DeviceSession): Promise<Array<{ id: string; xml: string }>> {
    const { rows } = await this.systemPool.query<{ id: string; xml: string }>({
      name: "ingest-lwm2m-uploaded-models",
      text: UPLOADED_MODELS,
      values: [session.tenantId],
    });
    return rows;
  }

  async firmwareStatus(session: DeviceSession) {
    const { rows } = await this.systemPool.query<{ targetPackageId: string | null; state: string | null }>(
      FIRMWARE_STATUS,
      [session.tenantId, session.deviceId],
    );
    return rows[0] ?? null;
  }
}
