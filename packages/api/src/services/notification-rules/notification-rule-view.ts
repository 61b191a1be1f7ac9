import type { NotificationRuleView } from "./schemas.ts";

export interface NotificationRuleRow {
  id: string;
  name: string;
  enabled: boolean;
  triggerType: NotificationRuleView["triggerType"];
  triggerConfig: unknown;
  templateId: string;
  targetIds: string[];
  createdAt: Date;
  updatedAt: Date;
  template: { name: string };
}

/** Read with the template's name beside the rule. */
export const withTemplateName = { template: { select: { name: true } } } as const;

export function toNotificationRuleView(row: NotificationRuleRow): NotificationRuleView {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    triggerType: row.triggerType,
    triggerConfig: (row.triggerConfig ?? {}) as Record<string, unknown>,
    templateId: row.templateId,
    templateName: row.template.name,
    targetIds: row.targetIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
