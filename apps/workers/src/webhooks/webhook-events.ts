import { isPlainObject, type MessageValue } from "@industryos/device-protocol";
import type { WebhookEventType } from "@industryos/api/webhooks";

/** One integrator event a stream message stands for (telemetry: one per timestamp). */
export interface StreamEvent {
  type: WebhookEventType;
  /** Epoch ms of when it happened (the message's receipt). */
  at: number;
  /** The device it is about, whose name `data.deviceName` needs (null: none, or already named). */
  deviceId: string | null;
  /** `data` of the body; `deviceName` is filled in by the dispatcher when `deviceId` is set. */
  data: Record<string, unknown>;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value ? value : undefined);

const valuesOf = (values: readonly MessageValue[]) => {
  const out: Record<string, unknown> = {};
  for (const v of values) out[v.key] = v.value;
  return out;
};

/** ThingsBoard's scope names (`SHARED_SCOPE`) as the API names them (`SHARED`). */
const scopeOf = (scope: unknown) => (str(scope) ?? "CLIENT").replace(/_SCOPE$/, "");

const ALARM_EVENTS: Record<string, WebhookEventType> = {
  ALARM_ACK: "alarm.acknowledged",
  ALARM_CLEAR: "alarm.cleared",
};

const DEVICE_EVENTS: Record<string, WebhookEventType> = {
  ENTITY_CREATED: "device.created",
  ENTITY_UPDATED: "device.updated",
  ENTITY_DELETED: "device.deleted",
  CONNECT_EVENT: "device.connected",
  DISCONNECT_EVENT: "device.disconnected",
};

/** Whose the message is: a device's, or another entity's (`entityType`/`entityId`, or a platform event's originator). */
function subjectOf(message: Record<string, unknown>): Record<string, unknown> {
  const deviceId = str(message.deviceId);
  if (deviceId) return { deviceId };
  const entityType = str(message.entityType) ?? str(message.originatorType);
  const entityId = str(message.entityId) ?? str(message.originatorId);
  if (entityType === "DEVICE" && entityId) return { deviceId: entityId };
  return { entityType, entityId };
}

/**
 * The integrator events of one rule-engine stream message (as `readRuleEngineEntry` decodes it),
 * in the shapes the webhook contract promises:
 *
 * - `telemetry`: `{deviceId, deviceName, ts, values}` per timestamp (another entity's telemetry:
 *   `{entityType, entityId, ts, values}`);
 * - `attributes`: `{deviceId, deviceName, scope, values}` — a device's own (`CLIENT`) and those
 *   written through the API (`SHARED`, `SERVER`; ATTRIBUTES_UPDATED);
 * - `device.created|updated|deleted`: the device as the API shows it (ENTITY_* of a device);
 * - `device.connected|disconnected`: `{deviceId, deviceName, connectTime | disconnectTime}`;
 * - `alarm.created|updated|acknowledged|cleared`: the alarm as the API shows it;
 * - `rpc.completed`: `{deviceId, deviceName, requestId, method, status: SUCCESSFUL | TIMEOUT, response}`.
 *
 * Anything else (activity, a device's own RPC requests, assignments, a delay node's resumed message) is none.
 */
export function webhookEventsOf(message: unknown): StreamEvent[] {
  if (!isPlainObject(message) || "resume" in message) return [];
  const type = str(message.type);
  const at = Number.isFinite(Number(message.receivedAt)) ? Number(message.receivedAt) : Date.now();
  const subject = subjectOf(message);
  const deviceId = str(subject.deviceId) ?? null;
  const metadata = isPlainObject(message.metadata) ? message.metadata : {};
  const data = message.data;

  if (type === "POST_TELEMETRY_REQUEST" && Array.isArray(message.points)) {
    const byTs = new Map<number, MessageValue[]>();
    for (const point of message.points as MessageValue[]) {
      const ts = point.ts ?? at;
      const group = byTs.get(ts);
      if (group) group.push(point);
      else byTs.set(ts, [point]);
    }
    return [...byTs].map(([ts, points]) => ({
      type: "telemetry",
      at,
      deviceId,
      data: { ...subject, ts, values: valuesOf(points) },
    }));
  }
  if (type === "POST_ATTRIBUTES_REQUEST" && Array.isArray(message.attributes))
    return [
      {
        type: "attributes",
        at,
        deviceId,
        data: { ...subject, scope: scopeOf(message.scope), values: valuesOf(message.attributes as MessageValue[]) },
      },
    ];
  if (type === "ATTRIBUTES_UPDATED" && isPlainObject(data))
    return [{ type: "attributes", at, deviceId, data: { ...subject, scope: scopeOf(metadata.scope), values: data } }];

  if (type === "ALARM" || (type && type in ALARM_EVENTS)) {
    const eventType =
      type === "ALARM" ? (metadata.alarmChange === "created" ? "alarm.created" : "alarm.updated") : ALARM_EVENTS[type]!;
    return isPlainObject(data) ? [{ type: eventType, at, deviceId: null, data }] : [];
  }

  if (!deviceId || !type) return [];
  if (type === "RPC_SUCCESSFUL" || type === "RPC_TIMEOUT") {
    const requestId = Number(metadata.requestId);
    return [
      {
        type: "rpc.completed",
        at,
        deviceId,
        data: {
          deviceId,
          requestId: Number.isFinite(requestId) ? requestId : metadata.requestId,
          method: metadata.method ?? null,
          status: type === "RPC_SUCCESSFUL" ? "SUCCESSFUL" : "TIMEOUT",
          response: type === "RPC_SUCCESSFUL" ? (data ?? null) : null,
        },
      },
    ];
  }
  const deviceEvent = DEVICE_EVENTS[type];
  if (!deviceEvent) return [];
  if (type === "CONNECT_EVENT" || type === "DISCONNECT_EVENT") {
    const times = isPlainObject(data) ? data : {};
    return [{ type: deviceEvent, at, deviceId, data: { deviceId, ...times } }];
  }
  // The device's view (deleted: as it was); its name is in it.
  return isPlainObject(data) ? [{ type: deviceEvent, at, deviceId: null, data }] : [];
}
