import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createDatabaseClients, type DatabaseClients, type SystemClient } from "../src/index.ts";
import {
  createAsset,
  createCustomer,
  createDashboard,
  createDevice,
  createTenant,
  createUser,
} from "../src/testing/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

/** A migrated database clone and its clients for one test file. */
export function useTestDatabase() {
  const ctx = {} as { db: TestDatabase; clients: DatabaseClients };
  beforeAll(async () => {
    ctx.db = await createTestDatabase();
    ctx.clients = createDatabaseClients({ appUrl: ctx.db.appUrl, systemUrl: ctx.db.systemUrl, poolSize: 4 });
  });
  afterAll(async () => {
    await ctx.clients?.close();
    await ctx.db?.drop();
  });
  return ctx;
}

/** Empty databases on the test server (for the migrator), dropped after the file's tests. */
export function useEmptyDatabases() {
  const serverUrl = () => process.env.DATABASE_URL!;
  const created: string[] = [];
  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: serverUrl() });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }
  afterAll(async () => {
    for (const name of created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return {
    admin,
    /** Creates one; returns its owner (superuser) URL. */
    async emptyDatabase(): Promise<string> {
      const name = `industryos_migrate_${randomBytes(5).toString("hex")}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const url = new URL(serverUrl());
      url.pathname = `/${name}`;
      return url.toString();
    },
  };
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** One row in every tenant-owned model (and the token tables) for `tenantId`; returns their keys. */
export async function seedEveryModel(system: SystemClient, tenantId: string) {
  const customer = await createCustomer(system, { tenantId });
  const admin = await createUser(system, { tenantId });
  const customerUser = await createUser(system, { tenantId, customerId: customer.id });
  const ruleChain = await system.ruleChain.create({
    data: { tenantId, name: "Root", root: true, configuration: { nodes: [] } },
  });
  const dashboard = await createDashboard(system, { tenantId, configuration: { widgets: {} } });
  const profile = await system.deviceProfile.create({
    data: {
      tenantId,
      name: `profile-${tenantId}`,
      defaultRuleChainId: ruleChain.id,
      defaultDashboardId: dashboard.id,
      alarmRules: [{ severity: "MAJOR" }],
    },
  });
  const { device, credential } = await createDevice(system, {
    tenantId,
    deviceProfileId: profile.id,
    customerId: customer.id,
  });
  const mqtt = await createDevice(system, { tenantId, deviceProfileId: profile.id, isGateway: true });
  await system.deviceCredential.update({
    where: { id: mqtt.credential.id },
    data: {
      type: "MQTT_BASIC",
      credentialsId: `mqtt:${tenantId}`,
      mqttClientId: `c-${tenantId}`,
      mqttUsername: "u",
      mqttPasswordHash: "h",
    },
  });
  const asset = await createAsset(system, { tenantId, customerId: customer.id });
  const relation = await system.entityRelation.create({
    data: { tenantId, fromType: "ASSET", fromId: asset.id, toType: "DEVICE", toId: device.id, type: "Contains" },
  });
  await system.attribute.create({
    data: {
      tenantId,
      entityType: "DEVICE",
      entityId: device.id,
      scope: "SERVER",
      key: "location",
      stringValue: "Hall 1",
    },
  });
  await system.dashboardCustomer.create({ data: { tenantId, dashboardId: dashboard.id, customerId: customer.id } });
  const alarm = await system.alarm.create({
    data: {
      tenantId,
      originatorType: "DEVICE",
      originatorId: device.id,
      type: "High temperature",
      severity: "MAJOR",
      customerId: customer.id,
    },
  });
  await system.alarmComment.create({ data: { tenantId, alarmId: alarm.id, userId: admin.id, text: "Checking" } });
  await system.alarmPropagation.create({
    data: { tenantId, alarmId: alarm.id, entityType: "CUSTOMER", entityId: customer.id },
  });
  await system.ruleChainVersion.create({
    data: { tenantId, ruleChainId: ruleChain.id, version: 1, name: ruleChain.name, configuration: {} },
  });
  const session = await system.session.create({
    data: {
      id: sha256(randomBytes(16).toString("hex")),
      userId: admin.id,
      tenantId,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  const apiKey = await system.apiKey.create({
    data: {
      tenantId,
      name: "ci",
      keyHash: sha256(randomBytes(16).toString("hex")),
      prefix: "iok_",
      scopes: ["devices:read"],
      createdById: admin.id,
    },
  });
  const audit = await system.auditLog.create({
    data: { tenantId, userId: admin.id, actionType: "ADDED", entityType: "DEVICE", entityId: device.id },
  });
  const rpc = await system.rpcRequest.create({
    data: {
      tenantId,
      deviceId: device.id,
      method: "reboot",
      params: { delay: 1 },
      expiresAt: new Date(Date.now() + 60_000),
    },
  });
  const reset = await system.passwordResetToken.create({
    data: { id: sha256(randomBytes(8).toString("hex")), userId: admin.id, expiresAt: new Date(Date.now() + 3_600_000) },
  });
  const verify = await system.emailVerificationToken.create({
    data: {
      id: sha256(randomBytes(8).toString("hex")),
      userId: admin.id,
      email: admin.email,
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  return {
    customer,
    admin,
    customerUser,
    ruleChain,
    dashboard,
    profile,
    device,
    credential,
    mqtt,
    asset,
    relation,
    alarm,
    session,
    apiKey,
    audit,
    rpc,
    reset,
    verify,
  };
}

export { createTenant };
