import type pg from "pg";
import type { AttributeScope, KeyValue } from "@industryos/device-protocol";
import { verifySecret, type SystemClient } from "@industryos/db";
import type { BasicCredentialRecord, BecameActive, DeviceActivity, DeviceDirectory } from "../core/ports.ts";
import type { CredentialLookup, DeviceSession } from "../core/session.ts";
import { BatchedDeviceLookup } from "./batched-device-lookup.ts";
import { fromKvColumns } from "./kv-columns.ts";

interface DeviceRow {
  id: string;
  tenantId: string;
  name: string;
  type: string;
  isGateway: boolean;
}

function toSession(device: DeviceRow): DeviceSession {
  return {
    tenantId: device.tenantId,
    deviceId: device.id,
    deviceName: device.name,
    deviceType: device.type,
    isGateway: device.isGateway,
  };
}

/** ThingsBoard names the relation from a gateway to the devices it created "Created". */
const GATEWAY_RELATION = "Created";

/**
 * Device lookups on the privileged (BYPASSRLS) connection: authentication must find the
 * tenant from the credential. Every other query is then filtered by the session's tenant.
 */
export class PgDeviceDirectory implements DeviceDirectory {
  private readonly lookup: BatchedDeviceLookup;

  constructor(
    private readonly system: SystemClient,
    private readonly systemPool: pg.Pool,
  ) {
    this.lookup = new BatchedDeviceLookup(systemPool);
  }

  /**
   * Every CONNECT whose credentials are not cached comes here (all of a fleet after a restart),
   * so it is a prepared statement on pg rather than a Prisma query (10,000 devices connecting
   * at once spent ~13% of ingest's thread in Prisma's query engine), one per event-loop turn
   * for every credential asked for in it (BatchedDeviceLookup).
   */
  async findDevice(credentials: CredentialLookup): Promise<DeviceSession | null> {
    const credentialsId =
      credentials.type === "ACCESS_TOKEN"
        ? credentials.token
        : credentials.type === "JWT"
          ? credentials.credentialsId
          : credentials.thumbprint.toLowerCase();
    const device = await this.lookup.find(credentialsId, credentials.type);
    return device ? toSession(device) : null;
  }

  async findBasicCredentials(credentialsIds: string[]): Promise<BasicCredentialRecord[]> {
    const rows = await this.system.deviceCredential.findMany({
      where: { credentialsId: { in: credentialsIds }, type: "MQTT_BASIC" },
      include: { device: true },
    });
    return rows.map((row) => ({
      credentialsId: row.credentialsId,
      passwordHash: row.mqttPasswordHash,
      session: toSession(row.device),
    }));
  }

  async verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
    return passwordHash === null || verifySecret(passwordHash, password);
  }

  async readAttributes(session: DeviceSession, scope: AttributeScope, keys: string[] | null): Promise<KeyValue[]> {
    const rows = await this.system.attribute.findMany({
      where: { tenantId: session.tenantId, entityId: session.deviceId, scope, ...(keys ? { key: { in: keys } } : {}) },
      orderBy: { key: "asc" },
    });
    return rows.map((row) => ({ key: row.key, value: fromKvColumns(row) }));
  }

  async getOrCreateSubDevice(gateway: DeviceSession, name: string, type: string | undefined): Promise<DeviceSession> {
    const where = { tenantId_name: { tenantId: gateway.tenantId, name } };
    const existing = await this.system.device.findUnique({ where });
    if (existing) return toSession(existing);
    try {
      const created = await this.system.$transaction(async (tx) => {
        const profile =
          (await tx.deviceProfile.findFirst({ where: { tenantId: gateway.tenantId, isDefault: true } })) ??
          (await tx.deviceProfile.create({ data: { tenantId: gateway.tenantId, name: "default", isDefault: true } }));
        const device = await tx.device.create({
          data: {
            tenantId: gateway.tenantId,
            name,
            type: type ?? "default",
            deviceProfileId: profile.id,
            gatewayId: gateway.deviceId,
          },
        });
        await tx.entityRelation.create({
          data: {
            tenantId: gateway.tenantId,
            fromType: "DEVICE",
            fromId: gateway.deviceId,
            toType: "DEVICE",
            toId: device.id,
            type: GATEWAY_RELATION,
          },
        });
        return device;
      });
      return toSession(created);
    } catch (error) {
      // Another connection created it first (unique tenantId+name): use theirs.
      const raced = await this.system.device.findUnique({ where });
      if (raced) return toSession(raced);
      throw error;
    }
  }

  async recordActivity(updates: DeviceActivity[], inactiveAfterMs?: number): Promise<BecameActive[]> {
    if (updates.length === 0) return [];
    const ts = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    // The rows are locked (in id order) before the update reads their previous activity time, so
    // two ingest processes writing the same device cannot both see it as inactive.
    const result = await this.systemPool.query<{
      tenantId: string;
      deviceId: string;
      previous: Date | null;
      activity: Date | null;
    }>(
      `WITH u AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[])
           AS u(tenant_id, device_id, activity, connected, disconnected)
       ), before AS (
         SELECT d.id, d."lastActivityAt" AS previous FROM "Device" d
           JOIN u ON d."tenantId" = u.tenant_id AND d.id = u.device_id
          ORDER BY d.id FOR UPDATE OF d
       )
       UPDATE "Device" d SET
         "lastActivityAt"   = GREATEST(d."lastActivityAt", u.activity),
         "lastConnectAt"    = COALESCE(u.connected, d."lastConnectAt"),
         "lastDisconnectAt" = COALESCE(u.disconnected, d."lastDisconnectAt")
       FROM u JOIN before b ON b.id = u.device_id
       WHERE d."tenantId" = u.tenant_id AND d.id = u.device_id
       RETURNING d."tenantId" AS "tenantId", d.id AS "deviceId", b.previous AS previous, u.activity AS activity`,
      [
        updates.map((u) => u.tenantId),
        updates.map((u) => u.deviceId),
        updates.map((u) => ts(u.lastActivityAt)),
        updates.map((u) => ts(u.lastConnectAt)),
        updates.map((u) => ts(u.lastDisconnectAt)),
      ],
    );
    if (inactiveAfterMs === undefined) return [];
    return result.rows.flatMap((row) => {
      if (!row.activity) return [];
      const previous = row.previous?.getTime() ?? null;
      const now = row.activity.getTime();
      if (previous !== null && now - previous < inactiveAfterMs) return [];
      return [{ tenantId: row.tenantId, deviceId: row.deviceId, lastActivityAt: now, previousActivityAt: previous }];
    });
  }
}
