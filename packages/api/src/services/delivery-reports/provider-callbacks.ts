import twilio from "twilio";
import { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError, notFound } from "../../errors.ts";
import { applyDeliveryReport, type DeliveryReport } from "./apply-delivery-report.ts";
import { openedProviders, readReport, unverified } from "./read-report.ts";
import { platformResendEvents, tenantResendEvents } from "./resend-events.ts";

/** Where the providers post their delivery reports, under the REST prefix; not user operations (no session, no key). */
export const PROVIDER_CALLBACKS_PATH = "/providers/";
const TWILIO_STATUS = /^\/providers\/twilio\/status\/([^/]+)\/([^/]+)$/;
const RESEND_EVENTS = /^\/providers\/resend\/events\/([^/]+)$/;
const RESEND_PLATFORM_EVENTS = /^\/providers\/resend\/events$/;
const uuid = z.uuid();

/**
 * Twilio's status callback (form fields MessageSid, MessageStatus, ErrorCode, ErrorMessage), signed with the
 * tenant's auth token over the URL Twilio called: the public URL, as the send gave it, not the proxy's.
 */
async function twilioStatus(deps: ApiDeps, request: Request, tenantId: string, deliveryId: string) {
  const body = await readReport(request);
  const authToken = (await openedProviders(deps, tenantId)).SMS?.authToken;
  const url = new URL(request.url);
  const calledUrl = new URL(url.pathname + url.search, deps.publicUrl).toString();
  const params = Object.fromEntries(new URLSearchParams(body));
  const signature = request.headers.get("x-twilio-signature") ?? "";
  if (!authToken || !twilio.validateRequest(authToken, signature, calledUrl, params)) throw unverified();
  if (!uuid.safeParse(deliveryId).success) throw notFound("Delivery");

  const status = params.MessageStatus;
  let report: DeliveryReport | null = null;
  if (status === "delivered") report = { status: "DELIVERED", reason: null, report: params };
  else if (status === "failed" || status === "undelivered")
    report = {
      status: "FAILED",
      reason: `Twilio reported the SMS ${status} (code ${params.ErrorCode ?? "none"})${params.ErrorMessage ? `: ${params.ErrorMessage}` : ""}`,
      report: params,
    };
  // queued, sent, accepted...: nothing we show changes.
  const known = report
    ? await applyDeliveryReport(deps.db.forTenant(tenantId), { id: deliveryId, channel: "SMS" }, report)
    : (await deps.db.forTenant(tenantId).notificationDelivery.count({ where: { id: deliveryId, channel: "SMS" } })) > 0;
  if (!known) throw notFound("Delivery");
}

/**
 * The providers' delivery reports: `POST /api/v1/providers/twilio/status/{tenantId}/{deliveryId}`,
 * `POST /api/v1/providers/resend/events/{tenantId}` (a tenant's own Resend account) and
 * `POST /api/v1/providers/resend/events` (the platform's). Authenticated by the provider's signature with
 * the tenant's secret or the platform's, not by a session; answers 204, or 403 / 404 JSON that says
 * nothing of other tenants.
 */
export async function handleProviderCallback(deps: ApiDeps, request: Request, path: string): Promise<Response> {
  const sms = TWILIO_STATUS.exec(path);
  const email = RESEND_EVENTS.exec(path);
  if (sms) await twilioStatus(deps, request, sms[1]!, sms[2]!);
  else if (email) await tenantResendEvents(deps, request, email[1]!);
  else if (RESEND_PLATFORM_EVENTS.test(path)) await platformResendEvents(deps, request);
  else throw new ApiError("NOT_FOUND", `No API route ${request.method} ${path}`);
  return new Response(null, { status: 204 });
}
