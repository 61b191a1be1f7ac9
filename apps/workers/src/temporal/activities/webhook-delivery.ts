import type { Logger, RedisClient, SecretBox } from "@industryos/runtime";
import type { DatabaseClients } from "@industryos/db";
import { attemptDelivery, WEBHOOKS_CHANGED_CHANNEL } from "@industryos/api/webhooks";
import { createOutboundClient, type OutboundClient } from "@industryos/outbound-http";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import { createDeliveryStore, type DeliveryStore } from "../../webhooks/delivery-store.ts";
import { notifyWebhookDisabled } from "../../webhooks/disabled-notice.ts";

export interface WebhookActivityDeps {
  db: DatabaseClients;
  redis: RedisClient;
  secrets: SecretBox;
  logger: Logger;
  /** To start the notification of a webhook's disabling. */
  temporal: LazyTemporalClient | null;
  /** WEBHOOKS_ALLOW_PRIVATE_NETWORKS. */
  allowPrivateNetworks: boolean;
  /** Default 10 s, the contract's. */
  timeoutMs?: number;
}

export interface WebhookAttemptInput {
  tenantId: string;
  deliveryId: string;
  /**
   * How long the retry window stays open, from the workflow's now: no retry is scheduled after it.
   * Relative, because the workflow's clock is not the activity's (time skipping in tests).
   */
  windowLeftMs: number;
  /** An integrator's redelivery: sent even if it succeeded before. */
  redelivery?: boolean;
}

/** `retry`: attempt again in `retryInMs`; anything else ends the workflow. */
export type WebhookAttemptOutcome =
  | { outcome: "succeeded" | "failed" | "gone"; attempts: number }
  | { outcome: "retry"; attempts: number; retryInMs: number };

export function createWebhookActivities(deps: WebhookActivityDeps | undefined) {
  let client: OutboundClient | undefined;
  let store: DeliveryStore | undefined;
  return {
    /**
     * One attempt of a delivery, recorded like the dispatcher's (attempt row, status, next attempt,
     * the webhook's failed deliveries in a row, disabling at 20 with the admins notified). Signed with the
     * webhook's secret as it is now (a rotated secret signs the retries of older deliveries too).
     * A delivery or webhook deleted meanwhile is `gone`; a disabled webhook's delivery ends FAILED.
     */
    async attemptWebhookDelivery(input: WebhookAttemptInput): Promise<WebhookAttemptOutcome> {
      // Retryable: a worker without webhook deps leaves the attempt to one that has them.
      if (!deps) throw new Error("this worker is not set up for webhook deliveries");
      client ??= createOutboundClient({
        allowPrivateNetworks: deps.allowPrivateNetworks,
        timeoutMs: deps.timeoutMs ?? 10_000,
        maxResponseBytes: 16 * 1024,
        keepAlive: true,
      });
      store ??= createDeliveryStore(deps.db);
      const db = deps.db.forTenant(input.tenantId);
      const delivery = await db.webhookDelivery.findFirst({
        where: { id: input.deliveryId },
        include: { webhook: { select: { id: true, url: true, enabled: true, secretEncrypted: true } } },
      });
      if (!delivery) return { outcome: "gone", attempts: 0 };
      if (delivery.status === "SUCCEEDED" && !input.redelivery)
        return { outcome: "succeeded", attempts: delivery.attempts };
      if (!delivery.webhook.enabled) {
        await store.markUnsent(
          [{ tenantId: input.tenantId, deliveryId: delivery.id }],
          "not sent: the webhook is disabled",
        );
        return { outcome: "failed", attempts: delivery.attempts };
      }
      const result = await attemptDelivery(
        client,
        { url: delivery.webhook.url, secret: deps.secrets.open(delivery.webhook.secretEncrypted) },
        { id: delivery.id, eventType: delivery.eventType, body: JSON.stringify(delivery.payload) },
      );
      const { recorded, disabled } = await store.recordAttempts([
        {
          tenantId: input.tenantId,
          deliveryId: delivery.id,
          webhookId: delivery.webhookId,
          result,
          windowEndsAt: new Date(Date.now() + input.windowLeftMs),
        },
      ]);
      for (const webhook of disabled) {
        deps.logger.warn(
          { tenantId: webhook.tenantId, webhookId: webhook.webhookId },
          "webhook disabled after failed deliveries",
        );
        await deps.redis.publish(WEBHOOKS_CHANGED_CHANNEL, JSON.stringify({ tenantId: webhook.tenantId }));
        await notifyWebhookDisabled({ db: deps.db, temporal: deps.temporal, logger: deps.logger }, webhook);
      }
      const row = recorded[0];
      if (!row) return { outcome: "gone", attempts: delivery.attempts };
      if (row.status === "SUCCEEDED") return { outcome: "succeeded", attempts: row.attempts };
      if (row.status === "RETRYING" && row.nextAttemptAt)
        return {
          outcome: "retry",
          attempts: row.attempts,
          retryInMs: Math.max(0, row.nextAttemptAt.getTime() - Date.now()),
        };
      return { outcome: "failed", attempts: row.attempts };
    },
  };
}
