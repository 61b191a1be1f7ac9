import type { DatabaseClients } from "@industryos/db";
import type { Logger } from "@industryos/runtime";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import {
  NOTIFICATION_REQUEST_WORKFLOW,
  notificationRequestWorkflowId,
  type NotificationRequestInput,
} from "@industryos/temporal-client/workflows/notifications";
import type { DisabledWebhook } from "./delivery-store.ts";

/** The request's ad-hoc content and recipients, under the key the notification workflow reads them from (no template). */
const DELIVERY_KEY = "$delivery";

/**
 * Tells the tenant's administrators that a webhook was disabled after its failures, through the
 * notification center's contract (@industryos/temporal-client/workflows/notifications): a
 * NotificationRequest row (one per webhook and disabling: `dedupKey`), then its workflow by name
 * and id. In-app, to every TENANT_ADMIN, with ad-hoc text (no template).
 */
export async function notifyWebhookDisabled(
  deps: { db: DatabaseClients; temporal: LazyTemporalClient | null; logger: Logger },
  webhook: DisabledWebhook,
): Promise<void> {
  const db = deps.db.forTenant(webhook.tenantId);
  const admins = await db.user.findMany({ where: { role: "TENANT_ADMIN" }, select: { id: true } });
  const dedupKey = `webhook-disabled:${webhook.webhookId}:${webhook.disabledAt.getTime()}`;
  const info = {
    webhookId: webhook.webhookId,
    webhookUrl: webhook.url,
    reason: webhook.reason,
    [DELIVERY_KEY]: {
      content: {
        subject: "Webhook disabled",
        body:
          `The webhook to ${webhook.url} was disabled: ${webhook.reason}. ` +
          "Check the receiver, then enable the webhook again on the Webhooks page and redeliver what it missed.",
      },
      channels: ["IN_APP"],
      recipients: { IN_APP: admins.map((a) => a.id) },
    },
  };
  const request =
    (await db.notificationRequest.findUnique({
      where: { tenantId_dedupKey: { tenantId: webhook.tenantId, dedupKey } },
    })) ??
    (await db.notificationRequest.create({
      data: { tenantId: webhook.tenantId, dedupKey, targetIds: [], info: info as never },
    }));
  if (!deps.temporal) {
    deps.logger.warn({ requestId: request.id }, "no Temporal client: webhook-disabled notification not started");
    return;
  }
  const client = await deps.temporal.get();
  const input: NotificationRequestInput = { tenantId: webhook.tenantId, requestId: request.id };
  try {
    await client.workflow.start(NOTIFICATION_REQUEST_WORKFLOW, {
      workflowId: notificationRequestWorkflowId(request.id),
      taskQueue: deps.temporal.taskQueue,
      args: [input],
      workflowIdReusePolicy: "REJECT_DUPLICATE",
    });
  } catch (error) {
    if ((error as Error).name !== "WorkflowExecutionAlreadyStartedError") throw error;
  }
  await db.notificationRequest.update({
    where: { id: request.id },
    data: { workflowId: notificationRequestWorkflowId(request.id) },
  });
}
