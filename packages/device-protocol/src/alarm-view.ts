import { z } from "zod";

// The alarm as the platform shows it everywhere: REST and tRPC answers, the alarms channel the API
// publishes on, and WebSocket alarm subscriptions. Only zod is imported, so browsers may load it
// (`@industryos/device-protocol/alarm-view`).

export const ALARM_STATUSES = ["ACTIVE_UNACK", "ACTIVE_ACK", "CLEARED_UNACK", "CLEARED_ACK"] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

export const alarmView = z.object({
  id: z.string(),
  type: z.string(),
  severity: z.enum(["CRITICAL", "MAJOR", "MINOR", "WARNING", "INDETERMINATE"]),
  status: z.enum(ALARM_STATUSES),
  acknowledged: z.boolean(),
  cleared: z.boolean(),
  originatorType: z.string(),
  originatorId: z.string(),
  /** The device's, asset's, customer's or tenant's name (null when it no longer exists). */
  originatorName: z.string().nullable(),
  customerId: z.string().nullable(),
  /** Epoch milliseconds. */
  startTs: z.number(),
  endTs: z.number(),
  ackTs: z.number().nullable(),
  clearTs: z.number().nullable(),
  assignTs: z.number().nullable(),
  assigneeId: z.string().nullable(),
  details: z.unknown(),
  propagate: z.boolean(),
  propagateToOwner: z.boolean(),
  propagateToTenant: z.boolean(),
  propagateRelationTypes: z.array(z.string()),
});
export type AlarmView = z.infer<typeof alarmView>;

/** The Alarm table's columns a view is made of. */
export interface AlarmRow {
  id: string;
  type: string;
  severity: AlarmView["severity"];
  acknowledged: boolean;
  cleared: boolean;
  originatorType: string;
  originatorId: string;
  customerId: string | null;
  startTs: Date;
  endTs: Date;
  ackTs: Date | null;
  clearTs: Date | null;
  assignTs: Date | null;
  assigneeId: string | null;
  details: unknown;
  propagate: boolean;
  propagateToOwner: boolean;
  propagateToTenant: boolean;
  propagateRelationTypes: string[];
}

export function alarmStatusOf(alarm: { acknowledged: boolean; cleared: boolean }): AlarmStatus {
  return `${alarm.cleared ? "CLEARED" : "ACTIVE"}_${alarm.acknowledged ? "ACK" : "UNACK"}`;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

export function toAlarmView(row: AlarmRow, originatorName: string | null): AlarmView {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    status: alarmStatusOf(row),
    acknowledged: row.acknowledged,
    cleared: row.cleared,
    originatorType: row.originatorType,
    originatorId: row.originatorId,
    originatorName,
    customerId: row.customerId,
    startTs: row.startTs.getTime(),
    endTs: row.endTs.getTime(),
    ackTs: ms(row.ackTs),
    clearTs: ms(row.clearTs),
    assignTs: ms(row.assignTs),
    assigneeId: row.assigneeId,
    details: row.details ?? null,
    propagate: row.propagate,
    propagateToOwner: row.propagateToOwner,
    propagateToTenant: row.propagateToTenant,
    propagateRelationTypes: row.propagateRelationTypes,
  };
}

/** What happened to an alarm. */
export type AlarmChange = "created" | "updated" | "acknowledged" | "cleared" | "assigned" | "unassigned" | "commented";

/** One message of `alarmsChannel(tenantId)`: the API publishes one per committed change. */
export interface AlarmChannelMessage {
  change: AlarmChange;
  alarm: AlarmView;
  /** Entities the alarm shows on besides its originator (related assets, the customer, the tenant). */
  propagatedTo: string[];
  comment?: { id: string; text: string };
}
