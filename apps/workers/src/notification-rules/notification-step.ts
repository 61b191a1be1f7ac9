import type { AlarmTriggerEvent } from "@industryos/api";
import type { DatabaseClients, EntityType, TenantClient } from "@industryos/db";
import { isPlainObject } from "@industryos/device-protocol";
import { alarmView, type AlarmView } from "@industryos/device-protocol/alarm-view";
import { ALARM_ESCALATION_WORKFLOW, alarmEscalationWorkflowId } from "@industryos/temporal-client/workflows/escalation";
import {
  ALARM_UNACKNOWLEDGED_WORKFLOW,
  alarmUnacknowledgedWorkflowId,
} from "@industryos/temporal-client/workflows/notification-rules";
import { NOTIFICATION_REQUEST_WORKFLOW } from "@industryos/temporal-client/workflows/notifications";
import type { InAppNow } from "../notifications/in-app-now.ts";
import { entryMessages } from "../rules/entry-messages.ts";
import { alarmInfo, entityInfo, inactivityInfo } from "./event-info.ts";
import { createNotificationRequest } from "./notification-requests.ts";
import type { NotificationRuleDirectory, Recipients } from "./rule-directory.ts";
import {
  alarmFilterMatches,
  alarmRuleMatches,
  entityActionMatches,
  inactivityMatches,
  policyMatches,
} from "./rule-matching.ts";
import type { TemporalCommand, TemporalOutbox } from "./temporal-outbox.ts";

export interface NotificationStepDeps {
  db: Pick<DatabaseClients, "forTenant">;
  rules: NotificationRuleDirectory;
  outbox: Pick<TemporalOutbox, "send">;
  /** Delivers a new request's in-app recipients before its workflow starts (absent: the workflow does). */
  inApp?: Pick<InAppNow, "deliver">;
}

/** Events of the streams that notification rules and escalations care about. */
const EVENT_TYPES = new Set([
  "ALARM",
  "ALARM_ACK",
  "ALARM_CLEAR",
  "ENTITY_CREATED",
  "ENTITY_UPDATED",
  "ENTITY_DELETED",
  "INACTIVITY_EVENT",
]);
/**
 * Every stream message starts `{"type":"<type>"` (device-protocol's entry heads): an entry of telemetry only, the
 * bulk of the streams, is passed over on this test of its text without decoding it a second time.
 */
const EVENT_HEAD =
  /\{"type":"(?:ALARM|ALARM_ACK|ALARM_CLEAR|ENTITY_CREATED|ENTITY_UPDATED|ENTITY_DELETED|INACTIVITY_EVENT)"/;
const ENTITY_TYPES = new Set(["DEVICE", "ASSET", "CUSTOMER"]);

const str = (value: unknown) => (typeof value === "string" ? value : undefined);
const startRequest = (requestId: string, workflowId: string, tenantId: string): TemporalCommand => ({
  op: "start",
  workflowType: NOTIFICATION_REQUEST_WORKFLOW,
  workflowId,
  args: [{ tenantId, requestId }],
});

/** The rule-engine event an alarm message is, if notification rules name it. */
function alarmEventOf(type: string, metadata: Record<string, unknown>): AlarmTriggerEvent | null {
  if (type === "ALARM_ACK") return "ACKNOWLEDGED";
  if (type === "ALARM_CLEAR") return "CLEARED";
  if (metadata.alarmChange === "created" || metadata.isNewAlarm === "true") return "CREATED";
  if (typeof metadata.previousAlarmSeverity === "string") return "SEVERITY_CHANGED";
  return null;
}

/** The event's part of a request's dedupKey: the same event, however often delivered, gives the same key. */
function alarmEventKey(event: AlarmTriggerEvent, alarm: AlarmView): string {
  if (event === "SEVERITY_CHANGED") return `alarm:${alarm.id}:severity:${alarm.endTs}`;
  return `alarm:${alarm.id}:${event.toLowerCase()}`;
}

/**
 * The notification-rule step of the rule engine: for each alarm, entity and inactivity event of an entry, in the
 * partition's order, the tenant's matching rules each get one NotificationRequest (dedupKey
 * `${ruleId}:${eventKey}`, so a redelivered entry finds the requests of its first delivery), its in-app recipients
 * delivered at once (in-app-now.ts) and its workflow started for the other channels; a new alarm starts its "unacknowledged for N minutes" waits and its escalations; an acknowledged or
 * cleared alarm signals its running escalations. Database rows are written here, Temporal is reached through the
 * outbox (never waited on for long). Throws on a database failure: the entry is retried.
 */
export function createNotificationStep(deps: NotificationStepDeps) {
  async function notify(
    db: TenantClient,
    tenantId: string,
    rules: Recipients[],
    eventKey: string,
    originator: { type: EntityType; id: string },
    info: () => Promise<Record<string, unknown>>,
  ): Promise<TemporalCommand[]> {
    if (rules.length === 0) return [];
    const fields = await info();
    const commands: TemporalCommand[] = [];
    for (const rule of rules) {
      const request = await createNotificationRequest(db, tenantId, {
        ruleId: rule.id,
        templateId: rule.templateId,
        targetIds: rule.targetIds,
        dedupKey: `${rule.id}:${eventKey}`,
        originator,
        info: fields,
      });
      // A request found again (a redelivered event) was delivered in-app, or left to its workflow, the first time.
      if (request.created) await deps.inApp?.deliver(tenantId, request.id);
      commands.push(startRequest(request.id, request.workflowId, tenantId));
    }
    return commands;
  }

  async function onAlarm(tenantId: string, message: Record<string, unknown>): Promise<TemporalCommand[]> {
    const metadata = isPlainObject(message.metadata) ? message.metadata : {};
    const event = alarmEventOf(String(message.type), metadata);
    const parsed = alarmView.safeParse(message.data);
    if (!event || !parsed.success) return [];
    const alarm = parsed.data;
    const rules = await deps.rules.get(tenantId);
    const db = deps.db.forTenant(tenantId);
    const matching = rules.alarm.filter((r) => alarmRuleMatches(r.config, event, alarm));
    const previousSeverity = str(metadata.previousAlarmSeverity);
    const commands = await notify(
      db,
      tenantId,
      matching,
      alarmEventKey(event, alarm),
      { type: "ALARM", id: alarm.id },
      () => alarmInfo(db, alarm, event, previousSeverity ? { previousSeverity } : {}),
    );

    if (event === "CREATED" && !alarm.acknowledged && !alarm.cleared) {
      for (const rule of rules.unacknowledged.filter((r) => alarmFilterMatches(r.config, alarm)))
        commands.push({
          op: "start",
          workflowType: ALARM_UNACKNOWLEDGED_WORKFLOW,
          workflowId: alarmUnacknowledgedWorkflowId(rule.id, alarm.id),
          args: [
            { tenantId, ruleId: rule.id, alarmId: alarm.id, dueAt: alarm.startTs + rule.config.afterMinutes * 60_000 },
          ],
        });
      for (const policy of rules.policies.filter((p) => policyMatches(p, alarm))) {
        const workflowId = alarmEscalationWorkflowId(alarm.id, policy.id);
        // The row first: the alarm page shows the escalation from now on, and the workflow finds it.
        await db.alarmEscalation.upsert({
          where: { tenantId_alarmId_policyId: { tenantId, alarmId: alarm.id, policyId: policy.id } },
          create: { tenantId, alarmId: alarm.id, policyId: policy.id, workflowId },
          update: {},
        });
        commands.push({
          op: "start",
          workflowType: ALARM_ESCALATION_WORKFLOW,
          workflowId,
          args: [{ tenantId, alarmId: alarm.id, policyId: policy.id }],
        });
      }
    }
    if (event === "ACKNOWLEDGED" || event === "CLEARED") {
      const running = await db.alarmEscalation.findMany({
        where: { alarmId: alarm.id, status: "RUNNING" },
        select: { workflowId: true },
      });
      for (const { workflowId } of running)
        commands.push({ op: "signal", workflowId, signal: event === "ACKNOWLEDGED" ? "acknowledged" : "cleared" });
    }
    return commands;
  }

  async function onEntity(tenantId: string, message: Record<string, unknown>): Promise<TemporalCommand[]> {
    const entityType = str(message.originatorType);
    const entityId = str(message.originatorId);
    if (!entityType || !entityId || !ENTITY_TYPES.has(entityType)) return [];
    const action = String(message.type).slice("ENTITY_".length);
    const rules = await deps.rules.get(tenantId);
    const matching = rules.entityAction.filter((r) => entityActionMatches(r.config, entityType, action));
    const db = deps.db.forTenant(tenantId);
    const metadata = (isPlainObject(message.metadata) ? message.metadata : {}) as Record<string, string>;
    return notify(
      db,
      tenantId,
      matching,
      `entity:${entityId}:${action.toLowerCase()}:${String(message.receivedAt)}`,
      { type: entityType as EntityType, id: entityId },
      () => entityInfo(db, { entityType, entityId, action, data: message.data, metadata }),
    );
  }

  async function onInactivity(tenantId: string, message: Record<string, unknown>): Promise<TemporalCommand[]> {
    const deviceId = str(message.originatorId);
    if (!deviceId || message.originatorType !== "DEVICE") return [];
    const rules = await deps.rules.get(tenantId);
    if (rules.inactivity.length === 0) return [];
    const db = deps.db.forTenant(tenantId);
    const device = await db.device.findUnique({
      where: { id: deviceId },
      select: { id: true, name: true, type: true, deviceProfileId: true, customerId: true },
    });
    if (!device) return [];
    const data = isPlainObject(message.data) ? message.data : {};
    const since = typeof data.lastActivityTime === "number" ? data.lastActivityTime : String(message.receivedAt);
    return notify(
      db,
      tenantId,
      rules.inactivity.filter((r) => inactivityMatches(r.config, device)),
      `inactivity:${deviceId}:${since}`,
      { type: "DEVICE", id: deviceId },
      () => inactivityInfo(device, db, data),
    );
  }

  async function onMessage(message: Record<string, unknown>): Promise<TemporalCommand[]> {
    const tenantId = str(message.tenantId);
    const type = String(message.type);
    // A message coming back from a delay node was seen when it first arrived.
    if (!tenantId || !EVENT_TYPES.has(type) || message.resume !== undefined) return [];
    if (type.startsWith("ALARM")) return onAlarm(tenantId, message);
    if (type.startsWith("ENTITY_")) return onEntity(tenantId, message);
    return onInactivity(tenantId, message);
  }

  return {
    /** An entry's events, one after another in the partition's order. */
    async process(fields: string[]): Promise<void> {
      const at = fields.indexOf("msgs");
      const text = at < 0 ? undefined : fields[at + 1];
      if (typeof text !== "string" || !EVENT_HEAD.test(text)) return;
      for (const item of entryMessages(fields)) {
        if (!("decoded" in item) || !isPlainObject(item.decoded)) continue;
        await deps.outbox.send(await onMessage(item.decoded));
      }
    },
  };
}

export type NotificationStep = ReturnType<typeof createNotificationStep>;
