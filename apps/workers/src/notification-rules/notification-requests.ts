import { insertNotificationRequest, type NotificationRequester } from "@industryos/api/notifications";
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

/** Only the row is written here: the caller starts the workflow (through its outbox, or as a child workflow). */
const NO_TEMPORAL: NotificationRequester["temporal"] = {
  taskQueue: "",
  get: () => Promise.reject(new Error("notification rules start request workflows themselves")),
  close: async () => undefined,
};

/**
 * The first half of the notification contract through the notification center's own insert
 * (`insertNotificationRequest`): the request row, found again by its `dedupKey` when the same event comes back (a
 * redelivered stream entry, a retried activity), so an event never makes two requests. The row names its
 * workflow's id from its insert on, since the caller's start of it is durable (the rule engine's Temporal outbox,
 * or a workflow's child start); starting it again when the row already existed is harmless. (A row made by the
 * API's own path before its start gets the id here.) `created`: the row is new
 * (only then are its in-app recipients delivered at once, see in-app-now.ts).
 */
export async function createNotificationRequest(
  db: TenantClient,
  tenantId: string,
  input: NotificationRequestInput,
): Promise<{ id: string; workflowId: string; created: boolean }> {
  const { request, created } = await insertNotificationRequest(
    { db, tenantId, temporal: NO_TEMPORAL },
    {
      ruleId: input.ruleId,
      templateId: input.templateId,
      targetIds: input.targetIds,
      dedupKey: input.dedupKey,
      originator: input.originator,
      info: input.info,
    },
    { namesWorkflow: true },
  );
  const workflowId = notificationRequestWorkflowId(request.id);
  if (request.workflowId !== workflowId)
    await db.notificationRequest.update({ where: { id: request.id }, data: { workflowId } });
  return { id: request.id, workflowId, created };
}
