import { createHash, randomBytes, randomUUID } from "node:crypto";
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
  const wave2 = await seedWave2Models(system, tenantId, { adminId: admin.id, alarmId: alarm.id, device, dashboard });
  return {
    ...wave2,
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

/** Notifications, escalation, webhooks, reports, OTA and bulk jobs: one row each. */
async function seedWave2Models(
  system: SystemClient,
  tenantId: string,
  refs: { adminId: string; alarmId: string; device: { id: string }; dashboard: { id: string } },
) {
  const target = await system.notificationTarget.create({
    data: { tenantId, name: "On call", type: "EMAIL", configuration: { emails: ["oncall@example.test"] } },
  });
  const template = await system.notificationTemplate.create({
    data: {
      tenantId,
      name: "Alarm",
      notificationType: "ALARM",
      channels: { EMAIL: { subject: "${alarmType}", body: "" } },
    },
  });
  const rule = await system.notificationRule.create({
    data: { tenantId, name: "Alarms", triggerType: "ALARM", templateId: template.id, targetIds: [target.id] },
  });
  const request = await system.notificationRequest.create({
    data: {
      tenantId,
      ruleId: rule.id,
      templateId: template.id,
      targetIds: [target.id],
      dedupKey: `alarm:${refs.alarmId}`,
    },
  });
  await system.notificationDelivery.create({
    data: { tenantId, requestId: request.id, channel: "EMAIL", recipient: "oncall@example.test" },
  });
  const notification = await system.notification.create({
    data: { tenantId, userId: refs.adminId, requestId: request.id, type: "ALARM", subject: "Alarm", text: "Hot" },
  });
  await system.notificationSettings.create({ data: { tenantId, rateLimits: { EMAIL: 60 } } });
  const policy = await system.escalationPolicy.create({
    data: { tenantId, name: "Night shift", levels: [{ afterMinutes: 10, targetIds: [target.id] }] },
  });
  await system.alarmEscalation.create({
    data: { tenantId, alarmId: refs.alarmId, policyId: policy.id, workflowId: `escalation:${refs.alarmId}` },
  });
  const webhook = await system.webhook.create({
    data: { tenantId, url: "https://example.test/hook", events: ["*"], secretEncrypted: "v1:x" },
  });
  const delivery = await system.webhookDelivery.create({
    data: {
      tenantId,
      webhookId: webhook.id,
      eventId: randomUUID(),
      eventType: "telemetry",
      payload: { type: "telemetry" },
    },
  });
  await system.webhookDeliveryAttempt.create({
    data: { tenantId, deliveryId: delivery.id, attempt: 1, statusCode: 500, durationMs: 12 },
  });
  const report = await system.reportSchedule.create({
    data: {
      tenantId,
      name: "Daily",
      dashboardId: refs.dashboard.id,
      frequency: "DAILY",
      timeOfDay: "07:00",
      timeZone: "Europe/Berlin",
      recipients: ["ops@example.test"],
    },
  });
  await system.reportRun.create({ data: { tenantId, scheduleId: report.id, trigger: "MANUAL" } });
  const otaPackage = await system.otaPackage.create({
    data: { tenantId, type: "FIRMWARE", title: "fw", version: "1.0", size: 3, checksum: "abc" },
  });
  await system.device.update({ where: { id: refs.device.id }, data: { firmwareId: otaPackage.id } });
  await system.deviceOtaStatus.create({
    data: { tenantId, deviceId: refs.device.id, type: "FIRMWARE", targetPackageId: otaPackage.id, state: "UPDATED" },
  });
  const campaign = await system.otaCampaign.create({
    data: {
      tenantId,
      name: "Roll-out",
      packageId: otaPackage.id,
      target: { deviceIds: [refs.device.id] },
      waves: [100],
    },
  });
  await system.otaCampaignDevice.create({
    data: { tenantId, campaignId: campaign.id, deviceId: refs.device.id, wave: 0 },
  });
  const job = await system.bulkJob.create({ data: { tenantId, type: "DEVICE_IMPORT", total: 1 } });
  await system.bulkJobItem.create({ data: { tenantId, jobId: job.id, index: 0, key: "device-1" } });
  const deviceFilter = await system.deviceFilter.create({
    data: { tenantId, name: "Boilers", criteria: { search: "boiler" } },
  });
  const jwtIssuer = await system.jwtIssuer.create({
    data: { tenantId, issuer: `https://login.example.com/${tenantId}`, keys: { keys: [] } },
  });
  const lwm2mObjectModel = await system.lwm2mObjectModel.create({
    data: { tenantId, objectId: 33000, name: "Valve", ddfXml: "<LWM2M/>" },
  });
  const edge = await system.edge.create({
    data: { tenantId, name: "Plant 1", routingKey: `edge-${tenantId}`, secretHash: "0".repeat(64) },
  });
  return {
    target,
    template,
    rule,
    request,
    notification,
    policy,
    webhook,
    delivery,
    report,
    otaPackage,
    campaign,
    job,
    deviceFilter,
    jwtIssuer,
    lwm2mObjectModel,
    edge,
  };
}

export { createTenant };
