import {
  countDeliveries,
  effectiveRateLimits,
  openProviders,
  rotateProviders,
  type NotificationChannel,
} from "@industryos/api/notifications";
import type { TenantClient } from "@industryos/db";
import {
  PermanentDeliveryError,
  TransientDeliveryError,
  type ChannelSender,
  type ChannelSettings,
  type ProviderAnswer,
} from "./channels/channel.ts";
import { createEmailChannel } from "./channels/email-channel.ts";
import { createInAppChannel } from "./channels/in-app-channel.ts";
import { createSlackChannel } from "./channels/slack-channel.ts";
import { createSmsChannel } from "./channels/sms-channel.ts";
import { createWebhookChannel } from "./channels/webhook-channel.ts";
import type { NotificationDeps } from "./notification-deps.ts";
import { MESSAGE_REQUEST_FIELDS, outgoingMessage, type DeliveryWithRequest } from "./outgoing-message.ts";
import { takeNotificationSlot } from "./rate-limiter.ts";
import { deliveryRows, requestRecipients } from "./resolve-recipients.ts";

/** What one delivery attempt came to; RATE_LIMITED says when the tenant's next window opens. */
export type DeliveryOutcome =
  { status: "SENT" | "DELIVERED" | "FAILED" } | { status: "RATE_LIMITED"; retryAfterMs: number };

const FINISHED = new Set(["SENT", "DELIVERED", "FAILED"]);

/** Written before a send and replaced by the provider's answer: still there, the last attempt's outcome is unknown. */
interface AttemptMarker {
  attemptStartedAt: string;
}

function unsureAttempt(providerResponse: unknown): Date | null {
  const started = (providerResponse as Partial<AttemptMarker> | null)?.attemptStartedAt;
  return typeof started === "string" ? new Date(started) : null;
}

const withRequest = { request: { select: MESSAGE_REQUEST_FIELDS } } as const;

/**
 * Notification requests, step by step, for the request workflow's activities: resolve the recipients
 * into delivery rows, deliver one, give one up, close the request. Every step reads and writes through
 * the tenant-scoped client and may run again after a worker stops (rows are keyed, finished deliveries
 * are not sent again, an unsure attempt asks the provider first).
 */
export function createNotificationDelivery(deps: NotificationDeps) {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const webhook = createWebhookChannel({ allowPrivateNetworks: deps.allowPrivateNetworks, timeoutMs });
  const channels: Record<NotificationChannel, ChannelSender> = {
    IN_APP: createInAppChannel(deps.db, deps.redis),
    EMAIL: createEmailChannel(deps.endpoints, deps.platformEmail),
    SMS: createSmsChannel(deps.endpoints, timeoutMs),
    SLACK: createSlackChannel(deps.endpoints, timeoutMs),
    WEBHOOK: webhook,
  };

  async function settingsOf(db: TenantClient, tenantId: string) {
    const row = await db.notificationSettings.findUnique({ where: { tenantId } });
    let providers;
    try {
      providers = openProviders(deps.secrets, row?.providers);
    } catch (error) {
      throw new PermanentDeliveryError(
        `The provider secrets cannot be opened (${(error as Error).message}); save them again in the notification settings`,
      );
    }
    // Sealed under a previous key: re-sealed now, unless an administrator saved the settings meanwhile.
    const rotated = row && rotateProviders(deps.secrets, row.providers);
    if (rotated)
      await db.notificationSettings.updateMany({
        where: { tenantId, updatedAt: row.updatedAt },
        data: { providers: rotated as never },
      });
    return { settings: { providers } satisfies ChannelSettings, limits: effectiveRateLimits(row?.rateLimits) };
  }

  async function record(
    db: TenantClient,
    id: string,
    status: "SENT" | "DELIVERED" | "FAILED",
    answer: ProviderAnswer | null,
    error?: string,
  ) {
    await db.notificationDelivery.update({
      where: { id },
      data: {
        status,
        providerResponse: (answer ?? null) as never,
        error: error ?? null,
        ...(status === "FAILED" ? {} : { sentAt: new Date() }),
      },
    });
    return { status } as const;
  }

  /** The next deliveries still to send, in id order. */
  async function deliveriesToSend(db: TenantClient, requestId: string, afterId: string | null, limit: number) {
    const rows = await db.notificationDelivery.findMany({
      where: { requestId, status: { in: ["PENDING", "RATE_LIMITED"] }, ...(afterId ? { id: { gt: afterId } } : {}) },
      orderBy: { id: "asc" },
      take: limit,
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  return {
    /**
     * Resolves the request's targets and addresses into one delivery row per channel and recipient
     * (created once: a repeated run finds them), and with `firstPage` lists the first that many still to
     * send. False when the request is gone.
     */
    async prepare(
      tenantId: string,
      requestId: string,
      firstPage?: number,
    ): Promise<{ found: boolean; deliveries: number; firstPage?: string[] }> {
      const db = deps.db.forTenant(tenantId);
      const request = await db.notificationRequest.findUnique({
        where: { id: requestId },
        include: { template: { select: { channels: true } } },
      });
      if (!request) return { found: false, deliveries: 0 };
      const recipients = await requestRecipients(db, request);
      if (recipients.length > 0)
        await db.notificationDelivery.createMany({
          data: deliveryRows(tenantId, requestId, recipients),
          skipDuplicates: true,
        });
      return {
        found: true,
        deliveries: await db.notificationDelivery.count({ where: { requestId } }),
        ...(firstPage ? { firstPage: await deliveriesToSend(db, requestId, null, firstPage) } : {}),
      };
    },

    /** Records the progress so far (`stats`), then lists the next deliveries still to send, in id order. */
    async nextDeliveries(tenantId: string, requestId: string, afterId: string | null, limit: number) {
      const db = deps.db.forTenant(tenantId);
      await db.notificationRequest.updateMany({
        where: { id: requestId },
        data: { stats: (await countDeliveries(db, requestId)) as never },
      });
      return deliveriesToSend(db, requestId, afterId, limit);
    },

    /**
     * One attempt at one delivery. A finished delivery is not sent again; an attempt whose outcome was
     * left unknown is looked up at the provider first; the tenant's rate limit may hold it back
     * (RATE_LIMITED, with when to come back); a failure that no retry can fix marks it FAILED. A
     * failure worth retrying is recorded and thrown, for the activity's retry policy.
     */
    async deliver(tenantId: string, deliveryId: string, now: number): Promise<DeliveryOutcome> {
      const db = deps.db.forTenant(tenantId);
      const row = await db.notificationDelivery.findUnique({ where: { id: deliveryId }, include: withRequest });
      if (!row) return { status: "FAILED" };
      if (FINISHED.has(row.status)) return { status: row.status as "SENT" | "DELIVERED" | "FAILED" };
      const sender = channels[row.channel];
      let message, settings, limits;
      try {
        message = await outgoingMessage(db, deps.secrets, row as DeliveryWithRequest);
        ({ settings, limits } = await settingsOf(db, tenantId));
      } catch (error) {
        if (error instanceof PermanentDeliveryError) return record(db, row.id, "FAILED", null, error.message);
        throw error;
      }
      const unsure = unsureAttempt(row.providerResponse);
      if (unsure && sender.findSent) {
        const found = await sender.findSent(message, settings, unsure);
        if (found) return record(db, row.id, sender.confirmsDelivery ? "DELIVERED" : "SENT", found);
      }
      const slot = await takeNotificationSlot(deps.redis, tenantId, row.channel, limits[row.channel], now);
      if (!slot.allowed) {
        await db.notificationDelivery.update({
          where: { id: row.id },
          data: {
            status: "RATE_LIMITED",
            error: `Held back by the limit of ${limits[row.channel]} ${row.channel} notifications a minute; sent when the next minute starts`,
          },
        });
        return { status: "RATE_LIMITED", retryAfterMs: slot.retryAfterMs };
      }
      const marker: AttemptMarker = { attemptStartedAt: new Date().toISOString() };
      await db.notificationDelivery.update({
        where: { id: row.id },
        data: { status: "PENDING", attempts: { increment: 1 }, providerResponse: marker as never },
      });
      let answer: ProviderAnswer;
      try {
        answer = await sender.send(message, settings);
      } catch (error) {
        if (error instanceof PermanentDeliveryError)
          return record(db, row.id, "FAILED", error.answer ?? null, error.message);
        const text = (error as Error).message;
        // A provider's answer says nothing went out: forget the marker. Anything else (a timeout, a cut
        // connection) leaves it, so the next attempt asks the provider before sending again.
        await db.notificationDelivery.update({
          where: { id: row.id },
          data: {
            error: text,
            ...(error instanceof TransientDeliveryError ? { providerResponse: (error.answer ?? null) as never } : {}),
          },
        });
        throw error;
      }
      return record(db, row.id, sender.confirmsDelivery ? "DELIVERED" : "SENT", answer);
    },

    /** After the last retry: the delivery is FAILED with the last error (unless it got through meanwhile). */
    async giveUp(tenantId: string, deliveryId: string, lastError: string) {
      const db = deps.db.forTenant(tenantId);
      await db.notificationDelivery.updateMany({
        where: { id: deliveryId, status: { in: ["PENDING", "RATE_LIMITED"] } },
        data: { status: "FAILED", error: `Gave up after repeated failures: ${lastError}` },
      });
    },

    /** The request's final status and stats: SENT when any delivery got through, FAILED when none did. */
    async finish(tenantId: string, requestId: string) {
      const db = deps.db.forTenant(tenantId);
      const stats = await countDeliveries(db, requestId);
      const through = (stats.byStatus.SENT ?? 0) + (stats.byStatus.DELIVERED ?? 0);
      const status = through > 0 ? "SENT" : "FAILED";
      const withReason =
        stats.total === 0
          ? { ...stats, error: "No recipients: the targets reach nobody on the channels sent on" }
          : stats;
      await db.notificationRequest.updateMany({
        where: { id: requestId },
        data: { status, stats: withReason as never },
      });
      return { status, stats };
    },

    close: () => webhook.close(),
  };
}

export type NotificationDelivery = ReturnType<typeof createNotificationDelivery>;
