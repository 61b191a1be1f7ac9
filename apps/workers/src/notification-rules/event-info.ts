import type { TenantClient } from "@industryos/db";
import type { AlarmView } from "@industryos/device-protocol/alarm-view";

// The `info` of a notification request: the fields a template's placeholders are filled from (`${alarmType}`,
// `${severity}`, `${deviceName}`, `${customerName}`, `${data.temperature}`, ...). ThingsBoard's names
// (`alarmSeverity`, `alarmStatus`, `alarmOriginatorName`, ...) are there too, so its templates read the same.

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

async function customerName(db: TenantClient, customerId: string | null): Promise<string | null> {
  if (!customerId) return null;
  return (await db.customer.findUnique({ where: { id: customerId }, select: { title: true } }))?.title ?? null;
}

/** What happened to an alarm, as notification rules name it (and `UNACKNOWLEDGED`, `ESCALATED` for the waits). */
export type AlarmAction = "CREATED" | "SEVERITY_CHANGED" | "ACKNOWLEDGED" | "CLEARED" | "UNACKNOWLEDGED" | "ESCALATED";

export async function alarmInfo(
  db: TenantClient,
  alarm: AlarmView,
  action: AlarmAction,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const customer = await customerName(db, alarm.customerId);
  const originator = alarm.originatorName ?? "";
  return {
    action,
    alarmId: alarm.id,
    alarmType: alarm.type,
    severity: alarm.severity,
    alarmSeverity: alarm.severity,
    status: alarm.status,
    alarmStatus: alarm.status,
    acknowledged: alarm.acknowledged,
    cleared: alarm.cleared,
    originatorType: alarm.originatorType,
    originatorId: alarm.originatorId,
    originatorName: originator,
    alarmOriginatorEntityType: alarm.originatorType,
    alarmOriginatorId: alarm.originatorId,
    alarmOriginatorName: originator,
    ...(alarm.originatorType === "DEVICE" ? { deviceId: alarm.originatorId, deviceName: originator } : {}),
    ...(alarm.originatorType === "ASSET" ? { assetId: alarm.originatorId, assetName: originator } : {}),
    customerId: alarm.customerId,
    customerName: customer,
    startTime: iso(alarm.startTs),
    ackTime: iso(alarm.ackTs),
    clearTime: iso(alarm.clearTs),
    /** The alarm's details: what raised it (the rule engine passes the message's data). */
    data: alarm.details ?? {},
    ...extra,
  };
}

export async function entityInfo(
  db: TenantClient,
  event: { entityType: string; entityId: string; action: string; data: unknown; metadata: Record<string, string> },
): Promise<Record<string, unknown>> {
  const data = (event.data && typeof event.data === "object" ? event.data : {}) as Record<string, unknown>;
  const name = typeof data.name === "string" ? data.name : typeof data.title === "string" ? data.title : "";
  const customerId =
    event.entityType === "CUSTOMER" ? event.entityId : typeof data.customerId === "string" ? data.customerId : null;
  return {
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    entityName: name,
    ...(event.entityType === "DEVICE" ? { deviceId: event.entityId, deviceName: name } : {}),
    ...(event.entityType === "ASSET" ? { assetId: event.entityId, assetName: name } : {}),
    customerId,
    customerName: await customerName(db, customerId),
    userId: event.metadata.userId ?? null,
    userName: event.metadata.userName ?? null,
    data,
  };
}

export async function inactivityInfo(
  device: { id: string; name: string; type: string; deviceProfileId: string; customerId: string | null },
  db: TenantClient,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const profile = await db.deviceProfile.findUnique({ where: { id: device.deviceProfileId }, select: { name: true } });
  const last = typeof data.lastActivityTime === "number" ? data.lastActivityTime : null;
  return {
    action: "INACTIVE",
    deviceId: device.id,
    deviceName: device.name,
    deviceType: device.type,
    deviceProfileId: device.deviceProfileId,
    deviceProfileName: profile?.name ?? null,
    customerId: device.customerId,
    customerName: await customerName(db, device.customerId),
    lastActivityTime: iso(last),
    data,
  };
}
