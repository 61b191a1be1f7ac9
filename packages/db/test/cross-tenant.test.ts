// Tenant A, through the application role, cannot read, change or delete tenant B's rows by
// any path: Prisma reads and writes, updateMany/deleteMany without a filter, raw SQL, and
// writes that claim B's tenantId.
import { beforeAll, describe, expect, test } from "vitest";
import { Prisma, UnsafeWhereError, type TenantClient } from "../src/index.ts";
import { createTenant, seedEveryModel, useTestDatabase } from "./helpers.ts";

const ctx = useTestDatabase();
let A: Awaited<ReturnType<typeof seedEveryModel>> & { tenantId: string };
let B: Awaited<ReturnType<typeof seedEveryModel>> & { tenantId: string };
let asA: TenantClient;

// Every tenant-owned model reachable by the application role, with its tenant column.
const TENANT_MODELS = Object.values(Prisma.ModelName).filter(
  (m) => !["PasswordResetToken", "EmailVerificationToken"].includes(m),
);
const delegate = (client: unknown, model: string) =>
  (client as Record<string, Record<string, (args?: object) => Promise<unknown>>>)[
    model[0]!.toLowerCase() + model.slice(1)
  ]!;
const tenantWhere = (model: string, tenantId: string) => (model === "Tenant" ? { id: tenantId } : { tenantId });

async function countsOf(tenantId: string) {
  const out: Record<string, number> = {};
  for (const m of TENANT_MODELS)
    out[m] = (await delegate(ctx.clients.system, m).count!({ where: tenantWhere(m, tenantId) })) as number;
  return out;
}

beforeAll(async () => {
  const sys = ctx.clients.system;
  const [ta, tb] = [await createTenant(sys), await createTenant(sys)];
  A = { tenantId: ta.id, ...(await seedEveryModel(sys, ta.id)) };
  B = { tenantId: tb.id, ...(await seedEveryModel(sys, tb.id)) };
  asA = ctx.clients.forTenant(A.tenantId);
});

describe("reads", () => {
  test.each(TENANT_MODELS)("%s: findMany and count see only A's rows", async (model) => {
    const rows = (await delegate(asA, model).findMany!()) as { tenantId?: string; id?: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(model === "Tenant" ? row.id : row.tenantId).toBe(A.tenantId);
    const bCounts = await countsOf(B.tenantId);
    expect(bCounts[model]).toBeGreaterThan(0);
  });

  test("B's rows by id, by unique key and through relations are invisible", async () => {
    expect(await asA.device.findUnique({ where: { id: B.device.id } })).toBeNull();
    expect(await asA.tenant.findUnique({ where: { id: B.tenantId } })).toBeNull();
    expect(await asA.deviceCredential.findUnique({ where: { credentialsId: B.credential.credentialsId } })).toBeNull();
    expect(
      await asA.device.findUnique({ where: { tenantId_name: { tenantId: B.tenantId, name: B.device.name } } }),
    ).toBeNull();
    expect(await asA.device.findMany({ where: { tenantId: B.tenantId } })).toEqual([]);
    expect(await asA.user.findUnique({ where: { email: B.admin.email } })).toBeNull();
    const profiles = await asA.deviceProfile.findMany({ include: { devices: true } });
    expect(profiles.flatMap((p) => p.devices).every((d) => d.tenantId === A.tenantId)).toBe(true);
  });

  test("raw SQL sees only A's rows", async () => {
    const devices = await asA.$queryRaw<{ tenantId: string }[]>`SELECT "tenantId" FROM "Device"`;
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every((d) => d.tenantId === A.tenantId)).toBe(true);
    const byId = await asA.$queryRawUnsafe<unknown[]>(`SELECT * FROM "Device" WHERE id = $1`, B.device.id);
    expect(byId).toEqual([]);
    const tenants = await asA.$queryRaw<{ id: string }[]>`SELECT id FROM "Tenant"`;
    expect(tenants).toEqual([{ id: A.tenantId }]);
  });

  test("the system-only tables are closed to the application role", async () => {
    await expect(asA.passwordResetToken.findMany()).rejects.toThrow(/permission denied/);
    await expect(asA.emailVerificationToken.findMany()).rejects.toThrow(/permission denied/);
    await expect(asA.$queryRaw`SELECT * FROM "_prisma_migrations"`).rejects.toThrow(/permission denied/);
  });

  test("the application role without a tenant sees nothing at all", async () => {
    const client = await ctx.clients.appPool.connect();
    try {
      expect((await client.query(`SELECT * FROM "Device"`)).rows).toEqual([]);
      expect((await client.query(`SELECT * FROM "Tenant"`)).rows).toEqual([]);
      // After a transaction-local tenant, the connection goes back to seeing nothing.
      await client.query("BEGIN");
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [A.tenantId]);
      expect((await client.query(`SELECT * FROM "Device"`)).rowCount).toBeGreaterThan(0);
      await client.query("COMMIT");
      expect((await client.query(`SELECT * FROM "Device"`)).rows).toEqual([]);
      await expect(client.query(`SET ROLE industryos_system`)).rejects.toThrow(/permission denied/);
      await expect(client.query(`ALTER TABLE "Device" DISABLE ROW LEVEL SECURITY`)).rejects.toThrow(/must be owner/);
    } finally {
      client.release();
    }
  });
});

describe("writes", () => {
  test("update and delete of B's rows by id fail as not found", async () => {
    await expect(asA.device.update({ where: { id: B.device.id }, data: { label: "pwned" } })).rejects.toMatchObject({
      code: "P2025",
    });
    await expect(asA.device.delete({ where: { id: B.device.id } })).rejects.toMatchObject({ code: "P2025" });
    await expect(asA.tenant.update({ where: { id: B.tenantId }, data: { name: "pwned" } })).rejects.toMatchObject({
      code: "P2025",
    });
    expect(await asA.device.updateMany({ where: { id: B.device.id }, data: { label: "pwned" } })).toEqual({ count: 0 });
    expect(await asA.alarm.deleteMany({ where: { id: B.alarm.id } })).toEqual({ count: 0 });
  });

  test("creating rows in B, or moving A's rows to B, is refused by the policy", async () => {
    await expect(asA.customer.create({ data: { tenantId: B.tenantId, title: "sneaky" } })).rejects.toThrow(
      /row-level security/,
    );
    await expect(asA.device.update({ where: { id: A.device.id }, data: { tenantId: B.tenantId } })).rejects.toThrow(
      /row-level security|Foreign key/i,
    );
    await expect(
      asA.$executeRaw`INSERT INTO "Customer" ("tenantId", title) VALUES (${B.tenantId}::uuid, 'raw')`,
    ).rejects.toThrow(/row-level security/);
    // A's device cannot point at B's customer even though the id is known.
    await expect(
      asA.device.update({ where: { id: A.device.id }, data: { customerId: B.customer.id } }),
    ).rejects.toThrow();
  });

  test("updateMany and deleteMany without a filter touch only A's rows, on every model", async () => {
    const before = await countsOf(B.tenantId);
    expect(await asA.device.updateMany({ where: {}, data: { label: "all of A" } })).toMatchObject({ count: 2 });
    expect((await ctx.clients.system.device.findUniqueOrThrow({ where: { id: B.device.id } })).label).toBeNull();
    for (const model of [...TENANT_MODELS].reverse()) {
      if (model === "Tenant") continue; // the app role may not delete tenants at all
      await delegate(asA, model).deleteMany!({ where: {} });
    }
    await expect(asA.tenant.deleteMany({ where: {} })).rejects.toThrow(/permission denied/);
    expect(await countsOf(B.tenantId)).toEqual(before);
  });

  test("raw UPDATE and DELETE without WHERE leave B alone", async () => {
    const before = await countsOf(B.tenantId);
    await asA.$executeRawUnsafe(`UPDATE "Customer" SET title = title || ' (A)'`);
    await asA.$executeRawUnsafe(`DELETE FROM "Customer"`);
    await asA.$executeRaw`DELETE FROM "Attribute"`;
    expect(await countsOf(B.tenantId)).toEqual(before);
    expect((await ctx.clients.system.customer.findUniqueOrThrow({ where: { id: B.customer.id } })).title).toBe(
      B.customer.title,
    );
  });

  test("interactive transactions are scoped too", async () => {
    const seen = await asA.$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM "Dashboard"`;
      return tx.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Device" WHERE "tenantId" = ${B.tenantId}::uuid`;
    });
    expect(Number(seen[0]!.n)).toBe(0);
    expect(await ctx.clients.system.dashboard.count({ where: { tenantId: B.tenantId } })).toBe(1);
  });
});

describe("guards", () => {
  test("updateMany/deleteMany with an undefined filter value or no where at all are rejected", async () => {
    const missing: { tenantId?: string } = {};
    await expect(
      asA.device.updateMany({ where: { name: missing.tenantId }, data: { label: "x" } }),
    ).rejects.toBeInstanceOf(UnsafeWhereError);
    await expect(asA.device.deleteMany({ where: { AND: [{ name: missing.tenantId }] } })).rejects.toBeInstanceOf(
      UnsafeWhereError,
    );
    await expect(asA.device.deleteMany()).rejects.toBeInstanceOf(UnsafeWhereError);
    await expect(
      ctx.clients.system.device.deleteMany({ where: { tenantId: missing.tenantId } }),
    ).rejects.toBeInstanceOf(UnsafeWhereError);
    expect(await ctx.clients.system.device.count({ where: { tenantId: B.tenantId } })).toBe(2);
  });

  test("forTenant refuses a tenant id that is not a UUID", () => {
    expect(() => ctx.clients.forTenant("' OR 1=1 --")).toThrow(/UUID/);
  });

  test("every table the application role can reach has row-level security enabled and forced", async () => {
    const { rows } = await ctx.clients.systemPool.query<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
      policies: number;
    }>(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
             (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
        AND (has_table_privilege('industryos_app', c.oid, 'SELECT') OR has_table_privilege('industryos_app', c.oid, 'INSERT')
          OR has_table_privilege('industryos_app', c.oid, 'UPDATE') OR has_table_privilege('industryos_app', c.oid, 'DELETE'))`);
    expect(rows.length).toBeGreaterThan(10);
    const unprotected = rows
      .filter((r) => !r.relrowsecurity || !r.relforcerowsecurity || r.policies === 0)
      .map((r) => r.relname);
    expect(unprotected).toEqual([]);
  });
});
