import type { DatabaseClients } from "@industryos/db";
import { createDevice, createTenant, createUser } from "@industryos/db/testing";

/** A tenant with a device, an alarm template and two targets (written directly: their operations are tested elsewhere). */
export async function notificationTenant(db: DatabaseClients) {
  const tenant = await createTenant(db.system);
  const scoped = db.forTenant(tenant.id);
  // The admin PLATFORM_USERS targets reach: in-app notifications land in this user's inbox.
  const admin = await createUser(db.system, {
    tenantId: tenant.id,
    role: "TENANT_ADMIN",
    password: "admin password 1",
  });
  const customer = await scoped.customer.create({ data: { tenantId: tenant.id, title: "Acme Water" } });
  const { device } = await createDevice(db.system, { tenantId: tenant.id, name: "Boiler 7", customerId: customer.id });
  const template = await scoped.notificationTemplate.create({
    data: {
      tenantId: tenant.id,
      name: "Alarm",
      notificationType: "ALARM",
      channels: { IN_APP: { subject: "${alarmType} on ${deviceName}", body: "${severity}: ${data.temperature}" } },
    },
  });
  const target = (name: string) =>
    scoped.notificationTarget.create({
      data: { tenantId: tenant.id, name, type: "PLATFORM_USERS", configuration: { users: { type: "TENANT_ADMINS" } } },
    });
  return {
    tenantId: tenant.id,
    admin,
    customer,
    device,
    templateId: template.id,
    onCall: (await target("On call")).id,
    managers: (await target("Managers")).id,
  };
}

/** An active, unacknowledged alarm of the device that started at `startTs`, written directly (no events). */
export async function alarmOf(
  db: DatabaseClients,
  tenant: { tenantId: string; device: { id: string }; customer: { id: string } },
  startTs: number,
  type = "Overheat",
  severity: "CRITICAL" | "MAJOR" | "MINOR" | "WARNING" | "INDETERMINATE" = "CRITICAL",
) {
  return db.forTenant(tenant.tenantId).alarm.create({
    data: {
      tenantId: tenant.tenantId,
      customerId: tenant.customer.id,
      originatorType: "DEVICE",
      originatorId: tenant.device.id,
      type,
      severity,
      details: { temperature: 97 },
      startTs: new Date(startTs),
      endTs: new Date(startTs),
    },
  });
}
