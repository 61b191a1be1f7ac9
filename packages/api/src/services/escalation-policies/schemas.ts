import { z } from "zod";
import { ALARM_SEVERITIES, alarmType } from "../alarms/schemas.ts";
import { pageOf, pagingInput, uuid } from "../shared/paging.ts";

export const escalationPolicyName = z.string().trim().min(1, "Name the policy").max(255);

/** A month: an alarm nobody acknowledged for longer has outlived escalation. */
const MAX_MINUTES = 30 * 24 * 60;
const minutes = z
  .number({ error: "Enter a number of minutes" })
  .int("Whole minutes")
  .min(0)
  .max(MAX_MINUTES, "At most 30 days (43200 minutes)");

export const escalationLevel = z.strictObject({
  /** Minutes after the alarm started. */
  afterMinutes: minutes,
  targetIds: z.array(uuid).min(1, "Pick at least one target").max(50, "At most 50 targets"),
  /** Absent: the template of the level before (the first level must name one). */
  templateId: z.uuid("Choose a template").optional(),
});
export type EscalationLevel = z.output<typeof escalationLevel>;

/** Levels in order, each later than the one before; the first names a template the others may inherit. */
export const escalationLevels = z
  .array(escalationLevel)
  .min(1, "Add at least one level")
  .max(10, "At most 10 levels")
  .superRefine((levels, ctx) => {
    if (levels[0] && !levels[0].templateId)
      ctx.addIssue({ code: "custom", path: [0, "templateId"], message: "The first level needs a template" });
    levels.forEach((level, i) => {
      if (i > 0 && level.afterMinutes <= levels[i - 1]!.afterMinutes)
        ctx.addIssue({
          code: "custom",
          path: [i, "afterMinutes"],
          message: `Must be later than level ${i} (${levels[i - 1]!.afterMinutes} minutes)`,
        });
    });
  });

const repeat = {
  /** Notify the last level again every N minutes until the alarm is acknowledged or cleared; null: never. */
  repeatEveryMinutes: z
    .number()
    .int("Whole minutes")
    .min(1)
    .max(7 * 24 * 60)
    .nullable()
    .optional(),
  /** At most this many repeats; null: until acknowledged or cleared. */
  repeatLimit: z.number().int().min(1).max(1_000).nullable().optional(),
};

const policyFields = {
  name: escalationPolicyName,
  enabled: z.boolean().optional(),
  /** Which alarms it escalates: empty (or absent) matches every type and severity. */
  alarmTypes: z.array(alarmType).max(50).optional(),
  severities: z.array(z.enum(ALARM_SEVERITIES)).max(ALARM_SEVERITIES.length).optional(),
  levels: escalationLevels,
  ...repeat,
};

const repeatNeedsInterval = (p: { repeatEveryMinutes?: number | null; repeatLimit?: number | null }) =>
  p.repeatLimit == null || p.repeatEveryMinutes != null;
const repeatIssue = { message: "A repeat limit needs a repeat interval", path: ["repeatLimit"] };

export const createEscalationPolicyInput = z.object(policyFields).refine(repeatNeedsInterval, repeatIssue);
export type CreateEscalationPolicyInput = z.output<typeof createEscalationPolicyInput>;

export const updateEscalationPolicyInput = z.object(policyFields).partial();
export type UpdateEscalationPolicyInput = z.output<typeof updateEscalationPolicyInput>;

export const listEscalationPoliciesInput = pagingInput.extend({ search: z.string().trim().max(255).optional() });

export const escalationPolicyView = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  alarmTypes: z.array(z.string()),
  severities: z.array(z.enum(ALARM_SEVERITIES)),
  levels: z.array(escalationLevel),
  repeatEveryMinutes: z.number().nullable(),
  repeatLimit: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EscalationPolicyView = z.infer<typeof escalationPolicyView>;
export const escalationPolicyPage = pageOf(escalationPolicyView);

export const ESCALATION_STATUSES = ["RUNNING", "ACKNOWLEDGED", "CLEARED", "COMPLETED", "CANCELLED"] as const;

/** Where one escalation of an alarm stands and what it sent. */
export const alarmEscalationView = z.object({
  id: z.string(),
  policyId: z.string(),
  policyName: z.string(),
  status: z.enum(ESCALATION_STATUSES),
  /** The last level notified (0-based), -1 before the first. */
  currentLevel: z.number(),
  levelCount: z.number(),
  /** When the next level (or repeat) is due, while running. */
  nextLevelAt: z.string().nullable(),
  sent: z.array(
    z.object({
      level: z.number(),
      repeat: z.number(),
      at: z.string(),
      requestId: z.string(),
      targetIds: z.array(z.string()),
      /** The notification request's status (PROCESSING, SENT, FAILED); null once it is gone. */
      status: z.string().nullable(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlarmEscalationView = z.infer<typeof alarmEscalationView>;
export const alarmEscalationList = z.object({ data: z.array(alarmEscalationView) });
