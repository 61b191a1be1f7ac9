import pg from "pg";

/**
 * One tenant with a default device profile and `count` access-token devices named
 * `<prefix>-1` ... `<prefix>-<count>` (prefix `bench` unless given: several tenants need several),
 * their tokens `bench-token-<prefix>-<n>` (in that order).
 */
export async function seedDevices(
  ownerUrl: string,
  count: number,
  prefix = "bench",
): Promise<{ tenantId: string; tokens: string[] }> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  let tenantId: string;
  try {
    const tenant = await client.query<{ id: string }>(
      `INSERT INTO "Tenant"(name, "updatedAt") VALUES ('Bench', now()) RETURNING id`,
    );
    tenantId = tenant.rows[0]!.id;
    const profile = await client.query<{ id: string }>(
      `INSERT INTO "DeviceProfile"("tenantId", name, "isDefault", "updatedAt") VALUES ($1, 'default', true, now()) RETURNING id`,
      [tenantId],
    );
    await client.query(
      `INSERT INTO "Device"("tenantId", "deviceProfileId", name, "updatedAt") SELECT $1, $2, $4 || '-' || g, now() FROM generate_series(1, $3) g`,
      [tenantId, profile.rows[0]!.id, count, prefix],
    );
    await client.query(
      `INSERT INTO "DeviceCredential"("tenantId", "deviceId", type, "credentialsId", "updatedAt")
       SELECT "tenantId", id, 'ACCESS_TOKEN', 'bench-token-' || name, now() FROM "Device" WHERE "tenantId" = $1`,
      [tenantId],
    );
  } finally {
    await client.end();
  }
  return { tenantId, tokens: Array.from({ length: count }, (_, i) => `bench-token-${prefix}-${i + 1}`) };
}
