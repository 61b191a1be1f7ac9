import { randomUUID } from "node:crypto";
import { createOutboundClient } from "@industryos/outbound-http";
import type { TenantContext } from "../../context.ts";
import { attemptDelivery } from "./attempt.ts";
import { webhookPolicy } from "./destination.ts";
import { webhookPayload } from "./body.ts";
import { WEBHOOK_PING_EVENT, type WebhookEventBody } from "./events.ts";
import { findWebhook } from "./find-webhook.ts";
import { toDeliveryView } from "./webhook-view.ts";

/**
 * "Send test event": a `ping` event posted now, signed like any delivery, and answered with what
 * the receiver said. Also to a disabled webhook (to check the receiver before enabling it again).
 * It is in the delivery log like any other, but not retried and not counted towards disabling
 * (it tests; it is not an event the integrator is owed): redeliver it to try again.
 */
export async function pingWebhook(ctx: TenantContext, id: string) {
  const webhook = await findWebhook(ctx, id);
  const eventId = randomUUID();
  const body: WebhookEventBody = {
    id: eventId,
    type: WEBHOOK_PING_EVENT,
    tenantId: ctx.tenantId,
    createdAt: new Date().toISOString(),
    data: { webhookId: webhook.id, message: "A test event from IndustryOS: your endpoint is reachable." },
  };
  const { payload, text } = webhookPayload(body);
  const delivery = await ctx.db.webhookDelivery.create({
    data: {
      tenantId: ctx.tenantId,
      webhookId: webhook.id,
      eventId,
      eventType: WEBHOOK_PING_EVENT,
      payload: payload as never,
    },
  });
  // A client per ping (pings are rare): no connection is kept, and the policy is the deps' as they are now.
  const client = createOutboundClient({ ...webhookPolicy(ctx.deps), timeoutMs: 10_000, maxResponseBytes: 64 * 1024 });
  const result = await attemptDelivery(
    client,
    { url: webhook.url, secret: ctx.deps.secrets.open(webhook.secretEncrypted) },
    { id: delivery.id, eventType: WEBHOOK_PING_EVENT, body: text },
  );
  const updated = await ctx.db.$transaction(async (tx) => {
    await tx.webhookDeliveryAttempt.create({
      data: {
        tenantId: ctx.tenantId,
        deliveryId: delivery.id,
        attempt: 1,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error,
        createdAt: result.at,
      },
    });
    return tx.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: result.succeeded ? "SUCCEEDED" : "FAILED",
        attempts: 1,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        lastDurationMs: result.durationMs,
        deliveredAt: result.succeeded ? result.at : null,
      },
      include: { attemptsList: { orderBy: { attempt: "desc" } } },
    });
  });
  return toDeliveryView(updated);
}
