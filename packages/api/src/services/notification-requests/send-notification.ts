import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import {
  insertNotificationRequest,
  startNotificationRequest,
  type NotificationRequestSpec,
} from "./request-notification.ts";
import { toRequestView } from "./request-view.ts";
import type { sendNotificationInput } from "./schemas.ts";

const invalid = (path: string[], message: string) => new ApiError("VALIDATION_FAILED", message, [{ path, message }]);

/**
 * Checks that the template and targets are the tenant's own (another tenant's id is just missing),
 * then requests the notification. When the workers cannot be reached the request is taken back
 * (nothing was sent) and the answer is 503, so the log holds only requests that are being sent.
 */
export async function sendNotification(ctx: TenantContext, input: z.infer<typeof sendNotificationInput>) {
  const [template, targets] = await Promise.all([
    input.templateId
      ? ctx.db.notificationTemplate.findUnique({ where: { id: input.templateId }, select: { id: true, name: true } })
      : null,
    ctx.db.notificationTarget.findMany({ where: { id: { in: input.targetIds } }, select: { id: true } }),
  ]);
  if (input.templateId && !template) throw invalid(["templateId"], "No such notification template");
  const known = new Set(targets.map((t) => t.id));
  const missing = input.targetIds.findIndex((id) => !known.has(id));
  if (missing >= 0) throw invalid(["targetIds", String(missing)], "No such notification target");

  const spec: NotificationRequestSpec = {
    templateId: input.templateId ?? null,
    targetIds: input.targetIds,
    info: { ...(input.info ?? {}), sentBy: ctx.actor.email ?? "API" },
    delivery: {
      ...(input.text ? { content: { ...(input.subject ? { subject: input.subject } : {}), body: input.text } } : {}),
      ...(input.channels ? { channels: input.channels } : {}),
    },
  };
  return toRequestView({ ...(await startOrTakeBack(ctx, spec)), template });
}

/** Requests the notification; if its workflow cannot be started, deletes the row again and answers 503. */
export async function startOrTakeBack(ctx: TenantContext, spec: NotificationRequestSpec) {
  const requester = { db: ctx.db, tenantId: ctx.tenantId, temporal: ctx.deps.temporal };
  const { request } = await insertNotificationRequest(requester, spec);
  let started;
  try {
    started = await startNotificationRequest(requester, request);
  } catch (error) {
    ctx.deps.logger.warn({ err: (error as Error).message, requestId: request.id }, "notification workflow not started");
    await ctx.db.notificationRequest.delete({ where: { id: request.id } });
    throw new ApiError(
      "SERVICE_UNAVAILABLE",
      "The workers cannot be reached right now; nothing was sent. Try again in a minute",
    );
  }
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "NOTIFICATION_SENT",
    entityName: "Notification",
    actionData: { notificationRequestId: request.id, templateId: spec.templateId, targetIds: spec.targetIds },
  });
  return { ...request, ...started };
}
