import { Resend } from "resend";
import { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError, notFound } from "../../errors.ts";
import { applyDeliveryReport, type DeliveryReport } from "./apply-delivery-report.ts";
import { PLATFORM_EMAIL_ACCOUNT } from "./callback-paths.ts";
import { openedProviders, readReport, unverified } from "./read-report.ts";

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

type ResendEvent = z.infer<typeof resendEvent>;

/** The event of a Resend webhook (Svix headers) verified with the webhook's signing secret; 403 if it is not. */
function verifiedEvent(request: Request, payload: string, account: { apiKey: string; webhookSecret: string }) {
  let verified: unknown;
  try {
    verified = new Resend(account.apiKey).webhooks.verify({
      payload,
      headers: {
        id: request.headers.get("svix-id") ?? "",
        timestamp: request.headers.get("svix-timestamp") ?? "",
        signature: request.headers.get("svix-signature") ?? "",
      } as never,
      webhookSecret: account.webhookSecret,
    });
  } catch {
    throw unverified();
  }
  const event = resendEvent.safeParse(verified);
  if (!event.success) throw new ApiError("BAD_REQUEST", "Not a Resend email event");
  return event.data;
}

/** What an event says of its email: delivered, bounced, complained; null for the others (sent, opened, clicked...). */
function reportOf({ type, data, created_at: at }: ResendEvent): DeliveryReport | null {
  if (type === "email.delivered") return { status: "DELIVERED", reason: null, report: { type, at } };
  if (type === "email.bounced")
    return {
      status: "FAILED",
      reason: `Resend reported the email bounced${data.bounce?.message ? `: ${data.bounce.message}` : ""}`,
      report: { type, at, bounce: data.bounce },
    };
  if (type === "email.complained")
    return { status: "FAILED", reason: "Resend reported the recipient marked the email as spam", report: { type, at } };
  return null;
}

/**
 * Events of a tenant's own Resend account (`/providers/resend/events/{tenantId}`), signed with the
 * webhook secret of its email provider; an email not sent by this tenant is 404.
 */
export async function tenantResendEvents(deps: ApiDeps, request: Request, tenantId: string) {
  const payload = await readReport(request);
  const email = (await openedProviders(deps, tenantId)).EMAIL;
  if (!email?.webhookSecret) throw unverified();
  const event = verifiedEvent(request, payload, { apiKey: email.apiKey, webhookSecret: email.webhookSecret });
  const report = reportOf(event);
  if (!report) return;
  const where = { channel: "EMAIL" as const, providerEmailId: event.data.email_id };
  if (!(await applyDeliveryReport(deps.db.forTenant(tenantId), where, report))) throw notFound("Delivery");
}

/**
 * Events of the platform's own Resend account (`/providers/resend/events`, RESEND_WEBHOOK_SECRET), which
 * sends the email of tenants without an email provider. Only deliveries the workers marked as sent through
 * that account move, whichever tenant's; any other email of the account (sign-up, password reset, reports)
 * is acknowledged and changes nothing, so Resend does not retry it.
 */
export async function platformResendEvents(deps: ApiDeps, request: Request) {
  const payload = await readReport(request);
  const { resendApiKey, resendWebhookSecret } = deps.email;
  if (!resendApiKey || !resendWebhookSecret) throw unverified();
  const event = verifiedEvent(request, payload, { apiKey: resendApiKey, webhookSecret: resendWebhookSecret });
  const report = reportOf(event);
  if (!report) return;
  // The tenant is not in the URL: the one lookup across tenants, by the id Resend gave the send
  // (providerEmailId is indexed; the account is checked on the one row it finds).
  const delivery = await deps.db.system.notificationDelivery.findFirst({
    where: {
      channel: "EMAIL",
      providerEmailId: event.data.email_id,
      providerResponse: { path: ["account"], equals: PLATFORM_EMAIL_ACCOUNT },
    },
    select: { tenantId: true },
  });
  if (!delivery) return;
  const where = { channel: "EMAIL" as const, providerEmailId: event.data.email_id };
  await applyDeliveryReport(deps.db.forTenant(delivery.tenantId), where, report);
}
