import { randomUUID } from "node:crypto";
import { EntityType } from "@industryos/db";
import {
  NOTIFICATION_REQUEST_WORKFLOW,
  notificationRequestWorkflowId,
  type NotificationRequestInput,
} from "@industryos/temporal-client/workflows/notifications";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import type { TenantDb } from "../../deps.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { DELIVERY_KEY, type RequestDelivery } from "./request-content.ts";

/** What any part of the platform asks to send: a template or text, to targets and/or addresses, for an event. */
export interface NotificationRequestSpec {
  templateId?: string | null;
  targetIds?: string[];
  /** The event's fields, for the `${placeholders}`. */
  info?: Record<string, unknown>;
  delivery?: RequestDelivery;
  /**
   * One request per key (alarm id + event, rule-chain message id + node id, ...): asking again with
   * the same key finds the first request and sends nothing twice.
   */
  dedupKey?: string | null;
  ruleId?: string | null;
  originator?: { type: string; id: string } | null;
}

export interface NotificationRequester {
  db: TenantDb;
  tenantId: string;
  temporal: LazyTemporalClient;
}

/** What a request's originator may be: any entity type. */
const ORIGINATOR_TYPES = new Set<string>(Object.values(EntityType));

/**
 * The one way to send a notification: the request row first (so the console's log shows it whatever
 * happens next), then its workflow, by name, with the id derived from the row
 * (`notification-request:{id}`), which fans it out to the recipients. Idempotent: a `dedupKey` seen
 * before finds its request and starts its workflow if that had not happened (Temporal refuses a second
 * run of the same id, finished or not). Throws when Temporal is not reachable; the row stays, and asking
 * again with the same `dedupKey` starts it.
 */
export async function requestNotification(requester: NotificationRequester, spec: NotificationRequestSpec) {
  const inserted = await insertNotificationRequest(requester, spec);
  return { request: await startNotificationRequest(requester, inserted.request), created: inserted.created };
}

/**
 * The request row, or the one already made for the same `dedupKey` (`created: false`). `namesWorkflow`: the caller
 * starts the workflow durably (an outbox, a child start), so a new row carries its workflow's id from the insert
 * on: whoever reads the row finds the workflow to follow, with no second write.
 */
export async function insertNotificationRequest(
  requester: NotificationRequester,
  spec: NotificationRequestSpec,
  options: { namesWorkflow?: boolean } = {},
) {
  const { db, tenantId } = requester;
  const info = { ...(spec.info ?? {}), ...(spec.delivery ? { [DELIVERY_KEY]: spec.delivery } : {}) };
  const originator =
    spec.originator && ORIGINATOR_TYPES.has(spec.originator.type)
      ? { originatorType: spec.originator.type as never, originatorId: spec.originator.id }
      : {};
  const id = randomUUID();
  const data = {
    id,
    ...(options.namesWorkflow ? { workflowId: notificationRequestWorkflowId(id) } : {}),
    tenantId,
    templateId: spec.templateId ?? null,
    targetIds: spec.targetIds ?? [],
    ruleId: spec.ruleId ?? null,
    dedupKey: spec.dedupKey ?? null,
    info: info as never,
    ...originator,
  };
  const existing = spec.dedupKey
    ? await db.notificationRequest.findUnique({ where: { tenantId_dedupKey: { tenantId, dedupKey: spec.dedupKey } } })
    : null;
  if (existing) return { request: existing, created: false };
  try {
    return { request: await db.notificationRequest.create({ data }), created: true };
  } catch (error) {
    // Two deliveries of the same event at once: the other one's row is the request.
    if (!spec.dedupKey || !isUniqueViolation(error)) throw error;
    const request = await db.notificationRequest.findUniqueOrThrow({
      where: { tenantId_dedupKey: { tenantId, dedupKey: spec.dedupKey } },
    });
    return { request, created: false };
  }
}

/** Starts the request's workflow (unless it runs or ran) and records its id on the row. */
export async function startNotificationRequest<R extends { id: string; workflowId: string | null }>(
  requester: NotificationRequester,
  request: R,
) {
  const workflowId = notificationRequestWorkflowId(request.id);
  await startRequestWorkflow(requester.temporal, { tenantId: requester.tenantId, requestId: request.id });
  if (request.workflowId === workflowId) return request;
  return requester.db.notificationRequest.update({ where: { id: request.id }, data: { workflowId } });
}

/** Starts the request's workflow unless it runs or ran already. */
export async function startRequestWorkflow(temporal: LazyTemporalClient, input: NotificationRequestInput) {
  const client = await temporal.get();
  try {
    await client.workflow.start(NOTIFICATION_REQUEST_WORKFLOW, {
      taskQueue: temporal.taskQueue,
      workflowId: notificationRequestWorkflowId(input.requestId),
      args: [input],
      workflowIdReusePolicy: "REJECT_DUPLICATE",
    });
  } catch (error) {
    if ((error as Error).name !== "WorkflowExecutionAlreadyStartedError") throw error;
  }
}
