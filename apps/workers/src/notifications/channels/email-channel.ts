import { PLATFORM_EMAIL_ACCOUNT } from "@industryos/api/notifications";
import { Resend } from "resend";
import type { ProviderEndpoints } from "../notification-deps.ts";
import { failureFor, PermanentDeliveryError, type ChannelSender } from "./channel.ts";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

/**
 * Email through Resend: the tenant's account (its key and sender), or the platform's when the tenant
 * configured none. The delivery id is Resend's Idempotency-Key, so an attempt repeated after a worker
 * stopped mid-send is answered with the first email's id and not sent again (Resend keeps keys 24 h).
 */
export function createEmailChannel(
  endpoints: ProviderEndpoints,
  platformEmail: { apiKey: string; from: string } | undefined,
): ChannelSender {
  return {
    async send(message, { providers }) {
      const account = providers.EMAIL ?? platformEmail;
      if (!account)
        throw new PermanentDeliveryError(
          "No email provider is configured: add a Resend API key in the notification settings",
        );
      const resend = new Resend(
        account.apiKey,
        endpoints.resendBaseUrl ? { baseUrl: endpoints.resendBaseUrl } : undefined,
      );
      const subject = message.content.subject ?? "Notification";
      const { data, error } = await resend.emails.send(
        {
          from: account.from,
          to: message.recipient,
          subject,
          text: message.content.body,
          html: `<p>${escapeHtml(message.content.body).replace(/\n/g, "<br>")}</p>`,
        },
        { idempotencyKey: `notification-delivery/${message.deliveryId}` },
      );
      if (error) {
        const answer = { provider: "resend", statusCode: error.statusCode, name: error.name, message: error.message };
        // No status: the request did not complete; the same idempotency key makes another attempt safe.
        if (error.statusCode === null) throw new Error(`Resend could not be reached: ${error.message}`);
        throw failureFor(
          error.statusCode,
          `Resend refused the email (${error.statusCode} ${error.name}): ${error.message}`,
          answer,
        );
      }
      // Marked so that the platform account's delivery reports (RESEND_WEBHOOK_SECRET) may move it.
      const platform = providers.EMAIL ? {} : { account: PLATFORM_EMAIL_ACCOUNT };
      return { provider: "resend", id: data?.id ?? null, ...platform };
    },
  };
}
