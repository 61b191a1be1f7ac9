import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { getRequest, listDeliveries, listRequests } from "./list-requests.ts";
import { listDeliveriesInput, listRequestsInput, sendNotificationInput } from "./schemas.ts";
import { sendNotification } from "./send-notification.ts";

const tag = "Notifications";

/** Notifications sent (by rules, rule chains, escalations or by hand) and each recipient's delivery. */
export const notificationRequestOperations = {
  list: defineOperation({
    method: "GET",
    path: "/notification-requests",
    tag,
    summary: "List notifications sent (newest first)",
    description:
      "Each with its status (PROCESSING, SENT, FAILED) and `stats`: deliveries by status, and by channel and status.",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listRequestsInput,
    handler: ({ ctx, query }) => listRequests(ctx, query),
  }),
  send: defineOperation({
    method: "POST",
    path: "/notification-requests",
    tag,
    summary: "Send a notification now",
    description:
      "A template, or `subject` and `text` written here, to targets; `${placeholders}` are filled from `info`. " +
      "Answers 202 with the request at once: each recipient's delivery follows in `GET /notification-requests/{id}`. " +
      "503 when the workers cannot be reached (nothing is sent then).",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: sendNotificationInput,
    example: {
      targetIds: ["7b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"],
      subject: "Planned maintenance",
      text: "The plant network is down for maintenance from 22:00 to 23:00.",
    },
    successStatus: 202,
    handler: ({ ctx, body }) => sendNotification(ctx, body),
  }),
  get: defineOperation({
    method: "GET",
    path: "/notification-requests/{id}",
    tag,
    summary: "Get a notification sent, with its deliveries",
    description:
      "The first 100 deliveries (failures first), each with its status (PENDING, SENT, DELIVERED, FAILED, RATE_LIMITED; " +
      "an in-app delivery is DELIVERED once its recipient read it), attempts, the provider's answer and the error in " +
      "words; `/deliveries` pages through all of them.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => getRequest(ctx, params.id),
  }),
  deliveries: defineOperation({
    method: "GET",
    path: "/notification-requests/{id}/deliveries",
    tag,
    summary: "A notification's deliveries, per channel and recipient",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    query: listDeliveriesInput,
    handler: ({ ctx, params, query }) => listDeliveries(ctx, params.id, query),
  }),
};
