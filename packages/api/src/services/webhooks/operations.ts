import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams, pageOf } from "../shared/paging.ts";
import { createWebhook } from "./create-webhook.ts";
import { deleteWebhook } from "./delete-webhook.ts";
import { getWebhook } from "./get-webhook.ts";
import { getDelivery, listDeliveries } from "./list-deliveries.ts";
import { listWebhooks } from "./list-webhooks.ts";
import { pingWebhook } from "./ping-webhook.ts";
import { redeliver } from "./redeliver.ts";
import { rotateWebhookSecret } from "./rotate-webhook-secret.ts";
import {
  createWebhookInput,
  deliveryDetail,
  deliveryParams,
  deliveryView,
  listDeliveriesInput,
  listWebhooksInput,
  updateWebhookInput,
  webhookView,
  webhookWithSecret,
} from "./schemas.ts";
import { updateWebhook } from "./update-webhook.ts";

const tag = "Webhooks";

const signing =
  "Each delivery is a POST with `content-type: application/json`, `IndustryOS-Event: <type>`, " +
  "`IndustryOS-Delivery: <delivery id>` (the same on every attempt: use it to drop duplicates) and " +
  '`IndustryOS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. ' +
  "The body is `{id, type, tenantId, createdAt, data}`. A non-2xx answer, a redirect or no answer within 10 s " +
  "is retried with exponential backoff for up to 24 hours; after 20 failed deliveries in a row (each given up " +
  "after its retries; a delivered one starts the count afresh) the webhook is " +
  "disabled and the tenant's administrators are notified.";

export const webhookOperations = {
  create: defineOperation({
    method: "POST",
    path: "/webhooks",
    tag,
    summary: "Create a webhook",
    description: `The signing secret is in this answer once. ${signing}`,
    access: "tenant",
    roles: TENANT_ADMIN,
    body: createWebhookInput,
    example: { url: "https://example.com/hooks/industryos", events: ["telemetry", "alarm.created"] },
    response: webhookWithSecret,
    successStatus: 201,
    handler: ({ ctx, body }) => createWebhook(ctx, body),
  }),
  list: defineOperation({
    method: "GET",
    path: "/webhooks",
    tag,
    summary: "List webhooks",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listWebhooksInput,
    response: pageOf(webhookView),
    handler: ({ ctx, query }) => listWebhooks(ctx, query),
  }),
  get: defineOperation({
    method: "GET",
    path: "/webhooks/{id}",
    tag,
    summary: "Get a webhook (without its secret)",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: webhookView,
    handler: ({ ctx, params }) => getWebhook(ctx, params.id),
  }),
  update: defineOperation({
    method: "PATCH",
    path: "/webhooks/{id}",
    tag,
    summary: "Change a webhook's URL, events, description, or enable or disable it",
    description: "Enabling a webhook the platform disabled starts its count of failed attempts afresh.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    body: updateWebhookInput,
    example: { enabled: false },
    response: webhookView,
    handler: ({ ctx, params, body }) => updateWebhook(ctx, params.id, body),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/webhooks/{id}",
    tag,
    summary: "Delete a webhook and its delivery log",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => deleteWebhook(ctx, params.id),
  }),
  rotateSecret: defineOperation({
    method: "POST",
    path: "/webhooks/{id}/rotate-secret",
    tag,
    summary: "Replace a webhook's signing secret",
    description: "The new secret is in this answer once; every attempt from now on is signed with it.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: webhookWithSecret,
    handler: ({ ctx, params }) => rotateWebhookSecret(ctx, params.id),
  }),
  ping: defineOperation({
    method: "POST",
    path: "/webhooks/{id}/ping",
    tag,
    summary: "Send a test event",
    description:
      "Posts a signed `ping` event now and answers with the delivery: the receiver's status code, the duration " +
      "and the error if it failed. Not retried, not counted towards disabling.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: deliveryView,
    handler: ({ ctx, params }) => pingWebhook(ctx, params.id),
  }),
  deliveries: defineOperation({
    method: "GET",
    path: "/webhooks/{id}/deliveries",
    tag,
    summary: "List a webhook's deliveries and their attempts",
    description:
      "Newest first; each with its status, last status code, duration and error, the next attempt, and its latest attempts.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    query: listDeliveriesInput,
    response: pageOf(deliveryView),
    handler: ({ ctx, params, query }) => listDeliveries(ctx, params.id, query),
  }),
  delivery: defineOperation({
    method: "GET",
    path: "/webhooks/{id}/deliveries/{deliveryId}",
    tag,
    summary: "Get one delivery with every attempt and the body sent",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: deliveryParams,
    response: deliveryDetail,
    handler: ({ ctx, params }) => getDelivery(ctx, params.id, params.deliveryId),
  }),
  redeliver: defineOperation({
    method: "POST",
    path: "/webhooks/{id}/deliveries/{deliveryId}/redeliver",
    tag,
    summary: "Send a delivery again",
    description:
      "The same delivery id and body with a fresh signature, at once and then with the usual backoff. 202; the " +
      "outcome shows in the delivery log. 409 while it is already being retried or the webhook is disabled.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: deliveryParams,
    successStatus: 202,
    handler: ({ ctx, params }) => redeliver(ctx, params.id, params.deliveryId),
  }),
};
