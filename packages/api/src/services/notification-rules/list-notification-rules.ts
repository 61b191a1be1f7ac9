import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toNotificationRuleView, withTemplateName } from "./notification-rule-view.ts";
import type { listNotificationRulesInput } from "./schemas.ts";

export async function listNotificationRules(ctx: TenantContext, input: z.output<typeof listNotificationRulesInput>) {
  const where = {
    ...(input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {}),
    ...(input.triggerType ? { triggerType: input.triggerType } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.notificationRule.findMany({
      where,
      include: withTemplateName,
      orderBy: { name: "asc" },
      ...skipTake(input),
    }),
    ctx.db.notificationRule.count({ where }),
  ]);
  return { data: rows.map(toNotificationRuleView), total, page: input.page, pageSize: input.pageSize };
}
