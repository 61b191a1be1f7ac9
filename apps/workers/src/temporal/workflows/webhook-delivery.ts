import { proxyActivities, sleep } from "@temporalio/workflow";
import type { WebhookDeliveryInput } from "@industryos/temporal-client/workflows/webhooks";
import type { Activities } from "../activities.ts";

const { attemptWebhookDelivery } = proxyActivities<Activities>({
  // The POST's 10 s and the recording; an activity that fails (database away) is retried, the
  // receiver's answer is not an activity failure: it comes back as the outcome.
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute", maximumAttempts: 20 },
});

/** Retries end this long after the workflow started (the first failed attempt, or a redelivery). */
const WINDOW_MS = 24 * 3_600_000;

/**
 * Retries one webhook delivery: attempts at `attemptAt` (or at once), then after each failure
 * when the activity says (30 s doubling, at most 2 h apart: the delivery's `nextAttemptAt`), until
 * one succeeds, the 24-hour window closes, or the webhook is disabled or deleted. Each attempt is
 * recorded by the activity; the timers are durable, so worker and server restarts neither skip
 * nor repeat one. Returns the outcome and the delivery's attempts.
 */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput) {
  const windowEndsAt = Date.now() + WINDOW_MS;
  let wait = input.attemptAt === undefined ? 0 : Math.max(0, input.attemptAt - Date.now());
  let redelivery = input.redelivery ?? false;
  for (;;) {
    if (wait > 0) await sleep(wait);
    const result = await attemptWebhookDelivery({
      tenantId: input.tenantId,
      deliveryId: input.deliveryId,
      windowLeftMs: windowEndsAt - Date.now(),
      redelivery,
    });
    if (result.outcome !== "retry") return result;
    redelivery = false;
    wait = result.retryInMs;
  }
}
