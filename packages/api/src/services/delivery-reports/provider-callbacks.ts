import { Resend } from "resend";
import twilio from "twilio";
import { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError, forbidden, notFound } from "../../errors.ts";
import { openProviders } from "../notification-settings/provider-settings.ts";
import { applyDeliveryReport, type DeliveryReport } from "./apply-delivery-report.ts";

/** Where the providers post their delivery reports, under the REST prefix; not user operations (no session, no key). */
export const PROVIDER_CALLBACKS_PATH = "/providers/";
const TWILIO_STATUS = /^\/providers\/twilio\/status\/([^/]+)\/([^/]+)$/;
const RESEND_EVENTS = /^\/providers\/resend\/events\/([^/]+)$/;
const MAX_REPORT_BYTES = 64 * 1024;
const uuid = z.uuid();

/** One refusal for a bad signature, an unconfigured provider or an unknown tenant: which of them is not said. */
const unverified = () => forbidden("The report's signature could not be verified");

async function readReport(request: Request): Promise<string> {
  if (request.method !== "POST") throw new ApiError("METHOD_NOT_ALLOWED", `${request.method} is not supported here`);
  if (Number(request.headers.get("content-length") ?? 0) > MAX_REPORT_BYTES)
    throw new ApiError("PAYLOAD_TOO_LARGE", "The report is larger than 64 KiB");
  const text = await request.text();
  if (text.length > MAX_REPORT_BYTES) throw new ApiError("PAYLOAD_TOO_LARGE", "The report is larger than 64 KiB");
  return text;
}

async function openedProviders(deps: ApiDeps, tenantId: string) {
  if (!uuid.safeParse(tenantId).success) throw unverified();
  const settings = await deps.db
    .forTenant(tenantId)
    .notificationSettings.findUnique({ where: { tenantId }, select: { providers: true } });
  return openProviders(deps.secrets, settings?.providers);
}

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

const resendEvent = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().min(1),
      bounce: z.object({ message: z.string().optional(), type: z.string().optional() }).partial().optional(),
    })
    .loose(),
});

/** Resend's webhook events (Svix-signed with the webhook's secret): delivered, bounced, complained. */
async function resendEvents(deps: ApiDeps, request: Request, tenantId: string) {
  const payload = await readReport(request);
  const email = (await openedProviders(deps, tenantId)).EMAIL;
  if (!email?.webhookSecret) throw unverified();
  let verified: unknown;
  try {
    verified = new Resend(email.apiKey).webhooks.verify({
      payload,
      headers: {
        id: request.headers.get("svix-id") ?? "",
        timestamp: request.headers.get("svix-timestamp") ?? "",
        signature: request.headers.get("svix-signature") ?? "",
      } as never,
      webhookSecret: email.webhookSecret,
    });
  } catch {
    throw unverified();
  }
  const event = resendEvent.safeParse(verified);
  if (!event.success) throw new ApiError("BAD_REQUEST", "Not a Resend email event");
  const { type, data } = event.data;
  const report: DeliveryReport | null =
    type === "email.delivered"
      ? { status: "DELIVERED", reason: null, report: { type, at: event.data.created_at } }
      : type === "email.bounced"
        ? {
            status: "FAILED",
            reason: `Resend reported the email bounced${data.bounce?.message ? `: ${data.bounce.message}` : ""}`,
            report: { type, at: event.data.created_at, bounce: data.bounce },
          }
        : type === "email.complained"
          ? {
              status: "FAILED",
              reason: "Resend reported the recipient marked the email as spam",
              report: { type, at: event.data.created_at },
            }
          : null;
  if (!report) return; // other events (sent, opened, clicked...) change nothing we show.
  const known = await applyDeliveryReport(
    deps.db.forTenant(tenantId),
    { channel: "EMAIL", providerMessageId: data.email_id },
    report,
  );
  if (!known) throw notFound("Delivery");
}

/**
 * The providers' delivery reports: `POST /api/v1/providers/twilio/status/{tenantId}/{deliveryId}` and
 * `POST /api/v1/providers/resend/events/{tenantId}`. Authenticated by the provider's signature with the
 * tenant's secret, not by a session; answers 204, or 403 / 404 JSON that says nothing of other tenants.
 */
export async function handleProviderCallback(deps: ApiDeps, request: Request, path: string): Promise<Response> {
  const sms = TWILIO_STATUS.exec(path);
  if (sms) await twilioStatus(deps, request, sms[1]!, sms[2]!);
  else {
    const email = RESEND_EVENTS.exec(path);
    if (!email) throw new ApiError("NOT_FOUND", `No API route ${request.method} ${path}`);
    await resendEvents(deps, request, email[1]!);
  }
  return new Response(null, { status: 204 });
}
