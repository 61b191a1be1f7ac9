import type { NotificationRequestInput } from "@industryos/temporal-client/workflows/notifications";
import type { NotificationDeps } from "../../notifications/notification-deps.ts";
import {
  createNotificationDelivery,
  type DeliveryOutcome,
  type NotificationDelivery,
} from "../../notifications/notification-delivery.ts";

export interface DeliverNotificationInput {
  tenantId: string;
  deliveryId: string;
  /** The workflow's clock: the rate limit's window (a test's skipped time moves it too). */
  now: number;
}

export interface PrepareRequestInput extends NotificationRequestInput {
  /** Also list the first deliveries to send, this many (one step less before the first message goes out). */
  firstPage?: number;
}

export interface NextDeliveriesInput extends NotificationRequestInput {
  afterId: string | null;
  limit: number;
}

/**
 * The notification request workflow's activities (see notifications/notification-delivery.ts). A
 * worker built without notification deps fails them retryably, leaving them to one that has them.
 */
export function createNotificationRequestActivities(deps: { notifications?: NotificationDeps }) {
  let delivery: NotificationDelivery | undefined;
  const service = () => {
    if (!deps.notifications) throw new Error("this worker delivers no notifications (no notification deps)");
    return (delivery ??= createNotificationDelivery(deps.notifications));
  };
  return {
    /** Resolves targets and addresses into delivery rows (once); `found: false` when the request is gone. */
    prepareNotificationRequest: (input: PrepareRequestInput) =>
      service().prepare(input.tenantId, input.requestId, input.firstPage),
    /** Records the request's progress and lists the next deliveries still to send. */
    nextNotificationDeliveries: (input: NextDeliveriesInput) =>
      service().nextDeliveries(input.tenantId, input.requestId, input.afterId, input.limit),
    /** One attempt at one recipient; throws (to be retried) only when another attempt may succeed. */
    deliverNotification: (input: DeliverNotificationInput): Promise<DeliveryOutcome> =>
      service().deliver(input.tenantId, input.deliveryId, input.now),
    /** Marks a delivery FAILED after its last attempt. */
    giveUpNotificationDelivery: (input: { tenantId: string; deliveryId: string; error: string }) =>
      service().giveUp(input.tenantId, input.deliveryId, input.error),
    /** The request's final status and stats. */
    finishNotificationRequest: (input: NotificationRequestInput) => service().finish(input.tenantId, input.requestId),
  };
}

export type NotificationRequestActivities = ReturnType<typeof createNotificationRequestActivities>;
