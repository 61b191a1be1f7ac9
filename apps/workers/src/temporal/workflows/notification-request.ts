import { ActivityFailure, continueAsNew, proxyActivities, sleep, workflowInfo } from "@temporalio/workflow";
import type { NotificationRequestInput } from "@industryos/temporal-client/workflows/notifications";
import type { NotificationRequestActivities } from "../activities/notification-request.ts";

/** Deliveries read per page; a request of any size keeps a bounded history (continue-as-new between pages). */
const PAGE = 200;
/** Deliveries in flight at once per request. */
const LANES = 10;
/** Past this many history events, the next page starts a fresh run (Temporal warns at 10,240). */
const HISTORY_BUDGET = 5_000;

const steps = proxyActivities<NotificationRequestActivities>({
  startToCloseTimeout: "1 minute",
  // Database steps: retried until the database answers again; nothing is lost meanwhile.
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});

const { deliverNotification } = proxyActivities<NotificationRequestActivities>({
  // A provider call has 10 s; a worker that stops mid-send is noticed after 20 s and the attempt retried.
  startToCloseTimeout: "20 seconds",
  // About 4 minutes of retries (2 s, 4 s, ... 2 min) for a provider that answers 5xx or not at all.
  retry: { initialInterval: "2 seconds", backoffCoefficient: 2, maximumInterval: "2 minutes", maximumAttempts: 8 },
});

export interface NotificationRequestState extends NotificationRequestInput {
  /** Set when a run continues as new: the last delivery id the previous run handled. */
  afterId?: string | null;
}

const reason = (error: unknown) =>
  error instanceof ActivityFailure && error.cause ? error.cause.message : (error as Error).message;

/** One delivery until it is sent, failed for good, or its retries are spent; waits out the rate limit. */
async function deliverOne(tenantId: string, deliveryId: string): Promise<void> {
  for (;;) {
    let outcome;
    try {
      outcome = await deliverNotification({ tenantId, deliveryId, now: Date.now() });
    } catch (error) {
      await steps.giveUpNotificationDelivery({ tenantId, deliveryId, error: reason(error) });
      return;
    }
    if (outcome.status !== "RATE_LIMITED") return;
    await sleep(outcome.retryAfterMs);
  }
}

/** Runs `work` over `items`, at most `lanes` at a time. */
async function inLanes<T>(items: T[], lanes: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

/**
 * One notification request (`notification-request:{requestId}`): resolves its recipients into
 * delivery rows, delivers each through an activity with its retry policy and timeout (ten at a time,
 * waiting out the tenant's rate limit), records progress after every page, and closes the request as
 * SENT or FAILED. A worker that stops anywhere loses no recipient and sends none twice: rows are
 * keyed, finished deliveries are skipped, an unsure attempt asks the provider first.
 */
export async function notificationRequestWorkflow(input: NotificationRequestState): Promise<void> {
  const { tenantId, requestId } = input;
  let firstPage: string[] | undefined;
  if (input.afterId === undefined) {
    const prepared = await steps.prepareNotificationRequest({ tenantId, requestId, firstPage: PAGE });
    if (!prepared.found) return;
    // Listed by the same step: the first message goes out one round trip sooner. (A run begun before prepare
    // listed it has no `firstPage` in its history, and lists the page as it did then.)
    firstPage = prepared.firstPage;
  }
  let afterId = input.afterId ?? null;
  for (;;) {
    const page = firstPage ?? (await steps.nextNotificationDeliveries({ tenantId, requestId, afterId, limit: PAGE }));
    firstPage = undefined;
    if (page.length === 0) break;
    await inLanes(page, LANES, (deliveryId) => deliverOne(tenantId, deliveryId));
    afterId = page.at(-1)!;
    if (page.length < PAGE) break;
    if (workflowInfo().historyLength > HISTORY_BUDGET || workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof notificationRequestWorkflow>({ tenantId, requestId, afterId });
  }
  await steps.finishNotificationRequest({ tenantId, requestId });
}
