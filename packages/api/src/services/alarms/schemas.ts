import { ALARM_STATUSES, alarmView, type AlarmView } from "@industryos/device-protocol/alarm-view";
import { ALARM_SEVERITIES } from "@industryos/rules/alarm-rules";
import { z } from "zod";
import { pageOf, pagingInput, sortOrder, uuid } from "../shared/paging.ts";

/** As ThingsBoard names them, most severe first (the order PostgreSQL sorts the enum in); one list, the rule engine's. */
export { ALARM_SEVERITIES, type AlarmSeverity } from "@industryos/rules/alarm-rules";

/** Derived from the alarm's acknowledged and cleared flags, as in ThingsBoard. */
export { ALARM_STATUSES, type AlarmStatus } from "@industryos/device-protocol/alarm-view";

/** The entity types an alarm can be raised on. */
export const ALARM_ORIGINATOR_TYPES = ["DEVICE", "ASSET", "CUSTOMER", "TENANT"] as const;
export type AlarmOriginatorType = (typeof ALARM_ORIGINATOR_TYPES)[number];

export const alarmType = z.string().trim().min(1, "Name the alarm type").max(255);

/**
 * Where an alarm shows besides its originator: the entities up its relations (`propagate`,
 * optionally only along `propagateRelationTypes`), its owner (the originator's customer, else
 * the tenant) and the tenant. Stored on the alarm and as AlarmPropagation rows.
 */
export const alarmPropagation = z.object({
  propagate: z.boolean().default(false),
  propagateRelationTypes: z.array(z.string().trim().min(1).max(255)).max(20).default([]),
  propagateToOwner: z.boolean().default(false),
  propagateToTenant: z.boolean().default(false),
});
export type AlarmPropagationInput = z.input<typeof alarmPropagation>;

/** A comma-separated list in a query string (`?status=ACTIVE_UNACK,ACTIVE_ACK`), or an array over tRPC. */
function listOf<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .union([
      z.string().transform((s) =>
        s
          .split(",")
          .map((v) => v.trim())
          .filter(Boolean),
      ),
      z.array(z.string()),
    ])
    .pipe(z.array(item).max(100));
}

const timestamp = z.coerce.number().int().min(0);

export const listAlarmsInput = pagingInput
  .extend({
    status: listOf(z.enum(ALARM_STATUSES)).optional(),
    severity: listOf(z.enum(ALARM_SEVERITIES)).optional(),
    type: listOf(alarmType).optional(),
    /** The originator's id, or an entity the alarm propagates to (an asset containing the device, its customer). */
    originatorId: listOf(uuid).optional(),
    assigneeId: uuid.optional(),
    /** Epoch milliseconds: alarms that started in [from, to]. */
    from: timestamp.optional(),
    to: timestamp.optional(),
    /** Matches the alarm type and the originator's name. */
    search: z.string().trim().max(255).optional(),
    sortBy: z.enum(["startTs", "endTs", "severity", "type"]).default("startTs"),
    sortOrder: sortOrder.default("desc"),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: "from must not be after to",
    path: ["from"],
  });

export const alarmCountsInput = z.object({
  /** Counts of these originators (or entities the alarms propagate to), each on its own and together. */
  originatorId: listOf(uuid).optional(),
});

export const alarmIdsInput = z.object({
  ids: z.array(uuid).min(1, "Pick at least one alarm").max(100, "At most 100 alarms at once"),
});

export const assignAlarmInput = z.object({
  /** A user of the tenant; null unassigns. */
  userId: uuid.nullable(),
});

export const alarmCommentInput = z.object({
  text: z.string().trim().min(1, "Write a comment").max(10_000),
});

export const listAlarmCommentsInput = pagingInput.extend({ sortOrder: sortOrder.default("asc") });

export { alarmView, type AlarmView };

export const alarmCommentView = z.object({
  id: z.string(),
  alarmId: z.string(),
  /** SYSTEM: written by the platform (acknowledged, cleared, assigned); OTHER: a person's. */
  type: z.enum(["SYSTEM", "OTHER"]),
  userId: z.string().nullable(),
  userEmail: z.string().nullable(),
  text: z.string(),
  createdAt: z.number(),
});
export type AlarmCommentView = z.infer<typeof alarmCommentView>;

const severityCounts = z.object(Object.fromEntries(ALARM_SEVERITIES.map((s) => [s, z.number()])) as never);

export const alarmCountsView = z.object({
  /** Active (uncleared) alarms. */
  total: z.number(),
  unacknowledged: z.number(),
  bySeverity: severityCounts,
  /** Per requested originatorId, when given. */
  byOriginator: z
    .record(z.string(), z.object({ total: z.number(), unacknowledged: z.number(), bySeverity: severityCounts }))
    .optional(),
});

export const bulkAlarmResult = z.object({
  data: z.array(alarmView),
  /** Ids that are not alarms this caller may see. */
  notFound: z.array(z.string()),
});

export const alarmPage = pageOf(alarmView);
export const alarmCommentPage = pageOf(alarmCommentView);
