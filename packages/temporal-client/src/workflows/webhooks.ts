// Integrator webhooks: a delivery whose first attempt failed (or one an integrator asks to redeliver) is retried by
// one workflow per delivery, with exponential backoff for up to 24 hours. Started by the workers' dispatcher and by
// the API's redeliver operation, by name and id.

export const WEBHOOK_DELIVERY_WORKFLOW = "webhookDeliveryWorkflow";

export interface WebhookDeliveryInput {
  tenantId: string;
  deliveryId: string;
  /** Epoch ms of the first attempt (the dispatcher's failed first attempt sets it one backoff later); absent: now. */
  attemptAt?: number;
  /** An integrator's redelivery: sent even if an earlier attempt succeeded. */
  redelivery?: boolean;
}

/**
 * One workflow per delivery: a second start while one runs is refused (Temporal's
 * WorkflowExecutionAlreadyStartedError), so a delivery is never retried by two at once; once it
 * finished, a redelivery starts the next run under the same id.
 */
export const webhookDeliveryWorkflowId = (deliveryId: string) => `webhook-delivery:${deliveryId}`;
