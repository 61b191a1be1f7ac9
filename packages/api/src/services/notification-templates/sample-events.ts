import type { NotificationType } from "./schemas.ts";

const alarm = {
  alarmId: "5d6f0c3e-2a7b-4c1d-9e8f-0a1b2c3d4e5f",
  alarmType: "High temperature",
  severity: "MAJOR",
  status: "ACTIVE_UNACK",
  action: "created",
  originatorType: "DEVICE",
  originatorName: "pump-1",
  deviceName: "pump-1",
  deviceType: "thermostat",
  customerName: "Acme Water",
  data: { temperature: 31.5 },
  details: { temperature: 31.5, threshold: 30 },
};

/**
 * A typical event of each kind, for the template editor's preview: the fields the notification
 * rules fill in when they send (see services/notification-rules) and those a rule chain's message carries.
 */
export const SAMPLE_EVENTS: Record<NotificationType, Record<string, unknown>> = {
  ALARM: alarm,
  ALARM_UNACKNOWLEDGED: { ...alarm, minutesUnacknowledged: 15 },
  DEVICE_INACTIVITY: {
    deviceName: "pump-1",
    deviceType: "thermostat",
    customerName: "Acme Water",
    inactiveSince: "2026-12-07T08:00:00.000Z",
    lastActivityTime: "2026-12-07T07:50:00.000Z",
  },
  ENTITY_ACTION: {
    entityType: "DEVICE",
    entityName: "pump-1",
    action: "created",
    userEmail: "admin@example.com",
    customerName: "Acme Water",
  },
  RULE_NODE: {
    msgType: "POST_TELEMETRY_REQUEST",
    originatorType: "DEVICE",
    originatorName: "pump-1",
    deviceName: "pump-1",
    deviceType: "thermostat",
    customerName: "Acme Water",
    data: { temperature: 31.5, humidity: 40 },
  },
};
