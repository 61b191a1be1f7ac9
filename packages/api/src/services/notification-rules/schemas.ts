import { z } from "zod";
import { pageOf, pagingInput, queryBoolean, uuid } from "../shared/paging.ts";
import { NOTIFICATION_TRIGGER_TYPES, notificationTrigger } from "./trigger-config.ts";

export const notificationRuleName = z.string().trim().min(1, "Name the rule").max(255);
const targetIds = z.array(uuid).min(1, "Pick at least one target").max(50, "At most 50 targets");

const ruleFields = z.object({
  name: notificationRuleName,
  enabled: z.boolean().optional(),
  templateId: z.uuid("Choose a template"),
  targetIds,
});

/** A new rule: name, template, targets, and a trigger (`triggerType` with its `triggerConfig`). */
export const createNotificationRuleInput = z.intersection(ruleFields, notificationTrigger);
export type CreateNotificationRuleInput = z.output<typeof createNotificationRuleInput>;

/**
 * Any of the fields. A `triggerConfig` alone is checked against the rule's current trigger type; a new
 * `triggerType` needs its `triggerConfig` beside it.
 */
export const updateNotificationRuleInput = z.object({
  name: notificationRuleName.optional(),
  enabled: z.boolean().optional(),
  templateId: z.uuid("Choose a template").optional(),
  targetIds: targetIds.optional(),
  triggerType: z.enum(NOTIFICATION_TRIGGER_TYPES).optional(),
  triggerConfig: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateNotificationRuleInput = z.output<typeof updateNotificationRuleInput>;

export const listNotificationRulesInput = pagingInput.extend({
  search: z.string().trim().max(255).optional(),
  triggerType: z.enum(NOTIFICATION_TRIGGER_TYPES).optional(),
  enabled: queryBoolean.optional(),
});

export const notificationRuleView = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  triggerType: z.enum(NOTIFICATION_TRIGGER_TYPES),
  triggerConfig: z.record(z.string(), z.unknown()),
  templateId: z.string(),
  /** The template's name, for lists. */
  templateName: z.string(),
  targetIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NotificationRuleView = z.infer<typeof notificationRuleView>;

export const notificationRulePage = pageOf(notificationRuleView);
