import type { DownlinkPage } from "@industryos/api";
import { withPoolClient } from "@industryos/db";
import type pg from "pg";

type PageRows<K extends keyof DownlinkPage> = DownlinkPage[K];

async function storeRuleChains(client: pg.PoolClient, tenantId: string, rows: PageRows<"ruleChains">) {
  for (const r of rows) {
    // At most one root chain per tenant: the cloud's root wins.
    if (r.root)
      await client.query(`UPDATE "RuleChain" SET root = false WHERE "tenantId" = $1 AND root AND id <> $2`, [
        tenantId,
        r.id,
      ]);
    await client.query(
      `INSERT INTO "RuleChain" (id, "tenantId", name, root, "debugMode", configuration, version, "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, root = excluded.root, "debugMode" = excluded."debugMode",
         configuration = excluded.configuration, version = excluded.version, "updatedAt" = now()`,
      [r.id, tenantId, r.name, r.root, r.debugMode, JSON.stringify(r.configuration ?? {}), r.version],
    );
  }
}

async function storeDeviceProfiles(client: pg.PoolClient, tenantId: string, rows: PageRows<"deviceProfiles">) {
  for (const p of rows) {
    if (p.isDefault)
      await client.query(
        `UPDATE "DeviceProfile" SET "isDefault" = false WHERE "tenantId" = $1 AND "isDefault" AND id <> $2`,
        [tenantId, p.id],
      );
    await client.query(
      `INSERT INTO "DeviceProfile" (id, "tenantId", name, description, "isDefault", "transportType", "transportConfig",
         "provisionType", "provisionDeviceKey", "provisionDeviceSecret", "provisionConfig", "alarmRules",
         "defaultRuleChainId", "defaultQueueName", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6::"TransportType", $7, $8::"ProvisionType", $9, $10, $11, $12, $13, $14, now())
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
         "isDefault" = excluded."isDefault", "transportType" = excluded."transportType",
         "transportConfig" = excluded."transportConfig", "provisionType" = excluded."provisionType",
         "provisionDeviceKey" = excluded."provisionDeviceKey", "provisionDeviceSecret" = excluded."provisionDeviceSecret",
         "provisionConfig" = excluded."provisionConfig", "alarmRules" = excluded."alarmRules",
         "defaultRuleChainId" = excluded."defaultRuleChainId", "defaultQueueName" = excluded."defaultQueueName",
         "updatedAt" = now()`,
      [
        p.id,
        tenantId,
        p.name,
        p.description,
        p.isDefault,
        p.transportType,
        JSON.stringify(p.transportConfig ?? {}),
        p.provisionType,
        p.provisionDeviceKey,
        p.provisionDeviceSecret,
        JSON.stringify(p.provisionConfig ?? {}),
        JSON.stringify(p.alarmRules ?? []),
        p.defaultRuleChainId,
        p.defaultQueueName,
      ],
    );
  }
}

async function storeDevices(client: pg.PoolClient, tenantId: string, rows: PageRows<"devices">) {
  for (const d of rows) {
    await client.query(
      `INSERT INTO "Device" (id, "tenantId", "deviceProfileId", name, label, type, "isGateway", "additionalInfo", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (id) DO UPDATE SET "deviceProfileId" = excluded."deviceProfileId", name = excluded.name,
         label = excluded.label, type = excluded.type, "isGateway" = excluded."isGateway",
         "additionalInfo" = excluded."additionalInfo", "updatedAt" = now()`,
      [
        d.id,
        tenantId,
        d.deviceProfileId,
        d.name,
        d.label,
        d.type,
        d.isGateway,
        d.additionalInfo === null ? null : JSON.stringify(d.additionalInfo),
      ],
    );
  }
}

async function storeCredentials(client: pg.PoolClient, tenantId: string, rows: PageRows<"credentials">) {
  for (const c of rows) {
    // One credential per device: a replaced one (new id) takes the old one's place.
    await client.query(`DELETE FROM "DeviceCredential" WHERE "deviceId" = $1 AND id <> $2`, [c.deviceId, c.id]);
    await client.query(
      `INSERT INTO "DeviceCredential" (id, "tenantId", "deviceId", type, "credentialsId", "mqttClientId", "mqttUsername",
         "mqttPasswordHash", "certificatePem", "updatedAt")
       VALUES ($1, $2, $3, $4::"DeviceCredentialType", $5, $6, $7, $8, $9, now())
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, "credentialsId" = excluded."credentialsId",
         "mqttClientId" = excluded."mqttClientId", "mqttUsername" = excluded."mqttUsername",
         "mqttPasswordHash" = excluded."mqttPasswordHash", "certificatePem" = excluded."certificatePem", "updatedAt" = now()`,
      [
        c.id,
        tenantId,
        c.deviceId,
        c.type,
        c.credentialsId,
        c.mqttClientId,
        c.mqttUsername,
        c.mqttPasswordHash,
        c.certificatePem,
      ],
    );
  }
}

/**
 * Stores one downlink page in the edge's database, in one transaction with the cursor that follows it: a
 * page is either stored and passed, or asked for again. Rows keep the cloud's ids, so what the edge later
 * sends up names the cloud's devices. (Customers, dashboards and OTA packages do not come down: the
 * references to them are left empty.)
 */
export async function storeDownlinkPage(pool: pg.Pool, page: DownlinkPage): Promise<void> {
  await withPoolClient(pool, async (client) => {
    await client.query(
      `INSERT INTO "Tenant" (id, name, "updatedAt") VALUES ($1, $2, now())
       ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
      [page.tenant.id, page.tenant.name],
    );
    await storeRuleChains(client, page.tenant.id, page.ruleChains);
    await storeDeviceProfiles(client, page.tenant.id, page.deviceProfiles);
    await storeDevices(client, page.tenant.id, page.devices);
    await storeCredentials(client, page.tenant.id, page.credentials);
    // An edge whose database was replaced numbers its uplink on from what the cloud has applied.
    await client.query(
      `UPDATE edge_cloud_link SET downlink_cursor = $1, last_downlink_at = now(), last_error = NULL,
         uplink_assigned_seq = GREATEST(uplink_assigned_seq, $2)`,
      [page.cursor, page.uplinkSeq],
    );
  });
}
