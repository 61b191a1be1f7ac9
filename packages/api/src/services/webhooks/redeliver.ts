import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  type WebhookDeliveryInput,
} from "@industryos/temporal-client/workflows/webhooks";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict, notFound } from "../../errors.ts";
import { Reply } from "../../operations/operation.ts";
import { findWebhook } from "./find-webhook.ts";
import { toDeliveryView } from "./webhook-view.ts";

/**
 * Sends a delivery again (the same id, body and event; a fresh signature), at once and then with
 * the usual backoff for up to 24 hours, through the delivery's workflow on the workers. 202: the
 * attempt's outcome shows in the delivery log. 409 while the delivery is already being retried or
 * the webhook is disabled; 503 when Temporal cannot be reached.
 */
export async function redeliver(ctx: TenantContext, id: string, deliveryId: string) {
  const webhook = await findWebhook(ctx, id);
  const delivery = await ctx.db.webhookDelivery.findFirst({
    where: { id: deliveryId, webhookId: id },
    include: { attemptsList: { orderBy: { attempt: "desc" }, take: 10 } },
  });
  if (!delivery) throw notFound("Webhook delivery");
  if (!webhook.enabled) throw conflict("The webhook is disabled: enable it before redelivering");
  let client;
  try {
    client = await ctx.deps.temporal.get();
  } catch (error) {
    throw new ApiError("SERVICE_UNAVAILABLE", `Redelivery is not available right now: ${(error as Error).message}`);
  }
  const input: WebhookDeliveryInput = { tenantId: ctx.tenantId, deliveryId, redelivery: true };
  try {
    await client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW, {
      workflowId: webhookDeliveryWorkflowId(deliveryId),
      taskQueue: ctx.deps.temporal.taskQueue,
      args: [input],
    });
  } catch (error) {
    // By name: the API reaches Temporal only through @industryos/temporal-client, not the SDK's classes.
    if ((error as Error).name === "WorkflowExecutionAlreadyStartedError")
      throw conflict(
        `This delivery is already being retried${
          delivery.nextAttemptAt ? ` (next attempt at ${delivery.nextAttemptAt.toISOString()})` : ""
        }`,
      );
    throw error;
  }
  return new Reply(202, { ...toDeliveryView(delivery), redelivery: "started" as const });
}
