import type { DatabaseClients } from "@industryos/db";

/**
 * A tenant's notification template and target, written straight to the database: the rules and escalation tests
 * need them to exist, not to be made through their own operations (another suite covers those).
 */
export async function createTemplate(
  db: DatabaseClients,
  tenantId: string,
  name: string,
  notificationType: "ALARM" | "ALARM_UNACKNOWLEDGED" | "DEVICE_INACTIVITY" | "ENTITY_ACTION" | "RULE_NODE" = "ALARM",
): Promise<string> {
  const row = await db.forTenant(tenantId).notificationTemplate.create({
    data: {
      tenantId,
      name,
      notificationType,
      channels: { IN_APP: { subject: "${alarmType} on ${deviceName}", body: "Severity ${severity}" } },
    },
  });
  return row.id;
}

export async function createTarget(db: DatabaseClients, tenantId: string, name: string): Promise<string> {
  const row = await db.forTenant(tenantId).notificationTarget.create({
    data: { tenantId, name, type: "PLATFORM_USERS", configuration: { users: { type: "TENANT_ADMINS" } } },
  });
  return row.id;
}
