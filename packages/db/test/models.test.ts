// Schema and migrations must not drift apart: every model is written and read through the
// generated client against a database built only from prisma/migrations, and Prisma's schema
// engine compares that database with schema.prisma.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { Prisma } from "../src/index.ts";
import { schemaPath } from "../src/paths.ts";
import { withSchemaEngine } from "../src/schema-engine/engine.ts";
import { createTenant, seedEveryModel, useTestDatabase } from "./helpers.ts";

const ctx = useTestDatabase();

const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

describe("every model through the generated client", () => {
  test("creates, reads, updates and deletes a row of every model", async () => {
    const db = ctx.clients.system;
    const tenant = await createTenant(db);
    const rows = await seedEveryModel(db, tenant.id);

    // Every model of the schema holds a row: a new model without a migration fails here.
    for (const model of Object.values(Prisma.ModelName)) {
      const delegate = (db as unknown as Record<string, { count(): Promise<number> }>)[lowerFirst(model)]!;
      expect(await delegate.count(), model).toBeGreaterThan(0);
    }

    const device = await db.device.findUniqueOrThrow({
      where: { id: rows.device.id },
      include: {
        profile: { include: { defaultRuleChain: true, defaultDashboard: true } },
        customer: true,
        credentials: true,
        rpcRequests: true,
      },
    });
    expect(device.profile.defaultRuleChain?.root).toBe(true);
    expect(device.profile.alarmRules).toEqual([{ severity: "MAJOR" }]);
    expect(device.customer?.id).toBe(rows.customer.id);
    expect(device.credentials[0]?.type).toBe("ACCESS_TOKEN");
    expect(device.rpcRequests[0]).toMatchObject({
      method: "reboot",
      params: { delay: 1 },
      status: "QUEUED",
      oneway: false,
    });
    expect(typeof device.rpcRequests[0]!.requestId).toBe("number");

    const attribute = await db.attribute.update({
      where: {
        tenantId_entityId_scope_key: {
          tenantId: tenant.id,
          entityId: rows.device.id,
          scope: "SERVER",
          key: "location",
        },
      },
      data: { stringValue: null, jsonValue: { hall: 2 }, lastUpdateTs: new Date(1_700_000_000_123) },
    });
    expect(attribute.jsonValue).toEqual({ hall: 2 });
    expect(attribute.lastUpdateTs.getTime()).toBe(1_700_000_000_123);
    await expect(
      db.attribute.update({
        where: {
          tenantId_entityId_scope_key: {
            tenantId: tenant.id,
            entityId: rows.device.id,
            scope: "SERVER",
            key: "location",
          },
        },
        data: { longValue: 5n }, // two value columns: the CHECK constraint refuses
      }),
    ).rejects.toThrow(/Attribute_one_value_check/);

    const user = await db.user.findUniqueOrThrow({ where: { id: rows.customerUser.id }, include: { customer: true } });
    expect(user.role).toBe("CUSTOMER_USER");
    expect(
      (await db.apiKey.findUniqueOrThrow({ where: { id: rows.apiKey.id }, include: { createdBy: true } })).createdBy
        ?.id,
    ).toBe(rows.admin.id);
    expect(
      (await db.dashboard.findUniqueOrThrow({ where: { id: rows.dashboard.id }, include: { customerLinks: true } }))
        .customerLinks,
    ).toHaveLength(1);
    expect(
      (await db.asset.findUniqueOrThrow({ where: { id: rows.asset.id }, include: { profile: true } })).profile
        .isDefault,
    ).toBe(true);
    expect(await db.entityRelation.count({ where: { tenantId: tenant.id, toId: rows.device.id } })).toBe(1);
    expect(
      (await db.alarm.update({ where: { id: rows.alarm.id }, data: { acknowledged: true, ackTs: new Date() } }))
        .acknowledged,
    ).toBe(true);
    expect((await db.session.findUniqueOrThrow({ where: { id: rows.session.id } })).rememberMe).toBe(false);
    expect((await db.auditLog.findFirstOrThrow({ where: { tenantId: tenant.id } })).status).toBe("SUCCESS");
    expect(
      (await db.passwordResetToken.update({ where: { id: rows.reset.id }, data: { usedAt: new Date() } })).usedAt,
    ).toBeInstanceOf(Date);
    expect((await db.emailVerificationToken.findUniqueOrThrow({ where: { id: rows.verify.id } })).email).toBe(
      rows.admin.email,
    );

    // Deleting a customer unassigns its devices, assets and alarms (ON DELETE SET NULL (customerId)).
    const other = await db.customer.create({ data: { tenantId: tenant.id, title: "to delete" } });
    await db.device.update({ where: { id: rows.mqtt.device.id }, data: { customerId: other.id } });
    await db.customer.delete({ where: { id: other.id } });
    expect((await db.device.findUniqueOrThrow({ where: { id: rows.mqtt.device.id } })).customerId).toBeNull();

    // Deleting the tenant removes everything it owns.
    await db.tenant.delete({ where: { id: tenant.id } });
    for (const model of Object.values(Prisma.ModelName)) {
      if (model === "PasswordResetToken" || model === "EmailVerificationToken" || model === "Session") continue; // via User
      const delegate = (db as unknown as Record<string, { count(args: object): Promise<number> }>)[lowerFirst(model)]!;
      const where = model === "Tenant" ? { id: tenant.id } : { tenantId: tenant.id };
      expect(await delegate.count({ where }), model).toBe(0);
    }
    expect(await db.session.count({ where: { userId: rows.admin.id } })).toBe(0);
  });

  test("a row cannot reference another tenant's row (composite foreign keys)", async () => {
    const db = ctx.clients.system;
    const a = await createTenant(db);
    const b = await createTenant(db);
    const rowsB = await seedEveryModel(db, b.id);
    const rowsA = await seedEveryModel(db, a.id);
    await expect(
      db.device.update({ where: { id: rowsA.device.id }, data: { customerId: rowsB.customer.id } }),
    ).rejects.toThrow(/Foreign key constraint/i);
    await expect(
      db.deviceCredential.create({
        data: { tenantId: a.id, deviceId: rowsB.device.id, type: "ACCESS_TOKEN", credentialsId: "x-cross" },
      }),
    ).rejects.toThrow(/Foreign key constraint/i);
  });
});

describe("migrations match schema.prisma", () => {
  // Hand-written in the migrations because Prisma cannot express them: composite foreign keys
  // that null only the referencing column (ON DELETE SET NULL ("customerId")), and generated
  // columns (GENERATED ALWAYS AS ... STORED), which the engine reads as a default to drop.
  const EXPECTED = [
    "providerEmailId",
    "Alarm_tenantId_customerId_fkey",
    "ApiKey_tenantId_createdById_fkey",
    "Asset_tenantId_customerId_fkey",
    "Device_tenantId_customerId_fkey",
    "Device_tenantId_gatewayId_fkey",
    "DeviceProfile_tenantId_defaultDashboardId_fkey",
    "DeviceProfile_tenantId_defaultRuleChainId_fkey",
  ];

  async function telemetryTables(): Promise<string[]> {
    const { rows } = await ctx.clients.systemPool.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND (relname LIKE 'telemetry%' OR relname LIKE 'edge\\_%') AND relkind IN ('r', 'p', 'v', 'm')`,
    );
    return rows.map((r) => `public.${r.relname}`);
  }

  test("the schema engine finds no difference beyond the documented hand-written DDL", async () => {
    const schema = readFileSync(schemaPath, "utf8");
    const externalTables = await telemetryTables();
    const result = await withSchemaEngine({ schema, url: ctx.db.ownerUrl }, (engine) =>
      engine.diff({
        from: { tag: "schemaDatasource", files: [{ path: "schema.prisma", content: schema }], configDir: "." },
        to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
        script: true,
        exitCode: null,
        // The telemetry tables (partitioned / hypertable) and the edge's uplink queue (xid8 column) are SQL-only.
        filters: { externalTables, externalEnums: [] },
      }),
    );
    const statements = (result.stdout ?? "")
      .split(";")
      .map((s) => s.replace(/--.*$/gm, "").trim())
      .filter(Boolean);
    const unexpected = statements.filter((s) => !EXPECTED.some((name) => s.includes(`"${name}"`)));
    expect(unexpected).toEqual([]);
    for (const name of EXPECTED)
      expect(
        statements.some((s) => s.includes(name)),
        name,
      ).toBe(true);
  });
});
