import type { Logger } from "@industryos/runtime";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  type WebhookDeliveryInput,
} from "@industryos/temporal-client/workflows/webhooks";

/** Starts at most this many workflows at once; beyond `maxQueued` waiting starts, the sweeper catches up instead. */
const CONCURRENT_STARTS = 8;

/**
 * Hands failed deliveries to Temporal: one `webhookDeliveryWorkflow` per delivery
 * (`webhook-delivery:{deliveryId}`), its first attempt at the delivery's `nextAttemptAt`. A start
 * that fails (Temporal away) or does not fit in the queue is not lost: the delivery is RETRYING in
 * the database, and the sweeper starts the workflow of any whose next attempt is long past.
 */
export function createRetryHandoff(temporal: LazyTemporalClient, logger: Logger, maxQueued = 10_000) {
  const queue: WebhookDeliveryInput[] = [];
  let running = 0;
  let dropped = 0;

  async function start(input: WebhookDeliveryInput) {
    const client = await temporal.get();
    try {
      await client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW, {
        workflowId: webhookDeliveryWorkflowId(input.deliveryId),
        taskQueue: temporal.taskQueue,
        args: [input],
      });
    } catch (error) {
      // Already retrying (a redelivered stream entry, or the sweeper got there first).
      if ((error as Error).name !== "WorkflowExecutionAlreadyStartedError") throw error;
    }
  }

  function pump() {
    while (running < CONCURRENT_STARTS && queue.length > 0) {
      const input = queue.shift()!;
      running++;
      start(input)
        .catch((error: unknown) =>
          logger.warn(
            { err: error, deliveryId: input.deliveryId },
            "webhook retry not handed to Temporal; the sweeper starts it later",
          ),
        )
        .finally(() => {
          running--;
          pump();
        });
    }
  }

  return {
    hand(inputs: WebhookDeliveryInput[]) {
      for (const input of inputs) {
        if (queue.length >= maxQueued) {
          if (dropped++ % 1_000 === 0)
            logger.warn({ dropped }, "webhook retry hand-off queue full; the sweeper starts those later");
          continue;
        }
        queue.push(input);
      }
      pump();
    },
    get pending() {
      return queue.length + running;
    },
    async idle(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (queue.length + running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    },
  };
}

export type RetryHandoff = ReturnType<typeof createRetryHandoff>;
