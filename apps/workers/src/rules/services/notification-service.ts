import { insertNotificationRequest, startNotificationRequest } from "@industryos/api/notifications";
import type { DatabaseClients } from "@industryos/db";
import { PermanentError, type RuleServices } from "@industryos/rules";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import type { InAppNow } from "../../notifications/in-app-now.ts";

/** Prisma's "a foreign key refused the row": the template named is not the tenant's. */
const FOREIGN_KEY_VIOLATION = "P2003";

/**
 * The notification nodes (`external.email|sms|slack`, `action.notify`) through the notification
 * center's one path: a NotificationRequest row keyed by the node's dedupKey, a new row's in-app recipients
 * delivered at once (`inApp`, in-app-now.ts), then its workflow for the other channels (as `requestNotification`).
 * A redelivered message finds its first request. Temporal away: a retryable failure (the message comes back and
 * starts the workflow of the row it made); without a Temporal client at all the nodes fail for good.
 */
export function createNotificationService(
  db: DatabaseClients,
  temporal: LazyTemporalClient | null,
  inApp?: Pick<InAppNow, "deliver">,
): RuleServices["notifications"] {
  return {
    async send(request) {
      if (!temporal) throw new PermanentError("This rule engine runs without Temporal: notification nodes cannot send");
      const requester = { db: db.forTenant(request.tenantId), tenantId: request.tenantId, temporal };
      try {
        const { request: inserted, created } = await insertNotificationRequest(requester, {
          templateId: request.templateId ?? null,
          targetIds: request.targetIds ?? [],
          info: request.info,
          delivery: {
            ...(request.content ? { content: request.content } : {}),
            ...(request.channels ? { channels: request.channels } : {}),
            ...(request.recipients ? { recipients: request.recipients } : {}),
          },
          dedupKey: request.dedupKey,
          originator: request.originator,
        });
        if (created) await inApp?.deliver(request.tenantId, inserted.id);
        await startNotificationRequest(requester, inserted);
        return { requestId: inserted.id };
      } catch (error) {
        if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION)
          throw new PermanentError("The notification template of this node is not one of the tenant's");
        throw error;
      }
    },
  };
}
