import { randomUUID } from "node:crypto";
import type { EntityType, TenantClient } from "@industryos/db";
import { notificationRequestWorkflowId } from "@industryos/temporal-client/workflows/notifications";

export interface NotificationRequestInput {
  ruleId: string | null;
  templateId: string;
  targetIds: string[];
  /** One request per key: the event (and the rule or escalation level) it is for. */
  dedupKey: string;
  originator: { type: EntityType; id: string } | null;
  /** The fields the template's placeholders are filled from. */
  info: Record<string, unknown>;
}

/**
 * The first half of the notification contract (packages/temporal-client's workflows/notifications.ts): the
 * request row, found again by its `dedupKey` when the same event comes back (a redelivered stream entry, a
 * retried activity), so an event never makes two requests. Its workflow id is fixed at insert; the caller starts
 * that workflow (again, harmlessly, when the row already existed).
 */
export async function createNotificationRequest(
  db: TenantClient,
  tenantId: string,
  input: NotificationRequestInput,
): Promise<{ id: string; workflowId: string }> {
  const id = randomUUID();
  const row = await db.notificationRequest.upsert({
    where: { tenantId_dedupKey: { tenantId, dedupKey: input.dedupKey } },
    create: {
      id,
      tenantId,
      ruleId: input.ruleId,
      templateId: input.templateId,
      targetIds: input.targetIds,
      dedupKey: input.dedupKey,
      originatorType: input.originator?.type ?? null,
      originatorId: input.originator?.id ?? null,
      info: input.info as object,
      workflowId: notificationRequestWorkflowId(id),
    },
    update: {},
    select: { id: true },
  });
  return { id: row.id, workflowId: notificationRequestWorkflowId(row.id) };
}
