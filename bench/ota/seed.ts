import { createWorkspace, hashPassword } from "@industryos/api/testing";
import { createDatabaseClients } from "@industryos/db";
import pg from "pg";

export const BENCH_EMAIL = "ota-bench@example.test";
export const BENCH_PASSWORD = "ota bench password";

/**
 * A tenant as sign-up leaves it (admin, default device profile) plus `count` access-token devices in that profile,
 * tokens `ota-bench-<n>`. The admin signs in to the API as the console would.
 */
export async function seedOtaTenant(ownerUrl: string, appUrl: string, systemUrl: string, count: number) {
  const db = createDatabaseClients({ appUrl, systemUrl, poolSize: 1 });
  let tenantId: string;
  try {
    const { tenant } = await createWorkspace(db.system, {
      email: BENCH_EMAIL,
      tenantName: "OTA bench",
      passwordHash: await hashPassword(BENCH_PASSWORD),
    });
    tenantId = tenant.id;
  } finally {
    await db.close();
  }
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Device"("tenantId", "deviceProfileId", name, "updatedAt")
       SELECT $1, (SELECT id FROM "DeviceProfile" WHERE "tenantId" = $1 AND "isDefault"), 'ota-' || g, now()
         FROM generate_series(1, $2) g`,
      [tenantId, count],
    );
    await client.query(
      `INSERT INTO "DeviceCredential"("tenantId", "deviceId", type, "credentialsId", "updatedAt")
       SELECT "tenantId", id, 'ACCESS_TOKEN', 'ota-bench-' || substr(name, 5), now() FROM "Device" WHERE "tenantId" = $1`,
      [tenantId],
    );
  } finally {
    await client.end();
  }
  return { tenantId, tokens: Array.from({ length: count }, (_, i) => `ota-bench-${i + 1}`) };
}
